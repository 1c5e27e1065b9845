package io.odpimporter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.config.ImporterConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What was parked: {@code GET /dead-letters?runId=&blob=&limit=} lists dead-letter records, newest first, with
 * their reason, blob, ETag, record index and byte offset. Reads the dead-letter topic with a consumer of its own
 * (no group, nothing committed), so it is meant for operators, not for hot paths.
 */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

    private final Map<String, Object> kafka;
    private final ImporterConfig config;
    private final ObjectMapper mapper;

    public DeadLettersResource(@Identifier("default-kafka-broker") Map<String, Object> kafka, ImporterConfig config,
                               ObjectMapper mapper) {
        this.kafka = kafka;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * @param runId only records parked by this run
     * @param blob  only records of this blob
     * @param limit at most this many (1..1000, default 100)
     * @return 200 {@code [{partition, offset, kind, reason, runId, blobName, etag, recordIndex, byteOffset, parkedAt,
     *         value}]} newest first; 400 for a bad limit
     */
    @GET
    public Response list(@QueryParam("runId") String runId, @QueryParam("blob") String blob,
                         @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "limit must be between 1 and 1000")).build();
        }
        List<Map<String, Object>> found = new ArrayList<>();
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        String topic = config.topics().deadLetter();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, Object> entry = entry(record);
                    if ((runId == null || runId.equals(entry.get("runId")))
                            && (blob == null || blob.equals(entry.get("blobName")))) {
                        found.add(entry);
                    }
                }
            }
        }
        found.sort(Comparator.comparing((Map<String, Object> e) -> String.valueOf(e.get("parkedAt"))).reversed());
        return Response.ok(found.subList(0, Math.min(limit, found.size()))).build();
    }

    private Map<String, Object> entry(ConsumerRecord<String, String> record) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("partition", record.partition());
        entry.put("offset", record.offset());
        try {
            JsonNode value = mapper.readTree(record.value());
            for (String field : List.of("kind", "reason", "runId", "container", "blobName", "etag", "recordIndex",
                    "byteOffset", "parkedAt", "value")) {
                JsonNode node = value.get(field);
                if (node != null && !node.isNull()) {
                    entry.put(field, node.isNumber() ? node.numberValue() : node.asText());
                }
            }
        } catch (Exception e) {
            entry.put("kind", "UNREADABLE");
            entry.put("value", record.value());
        }
        return entry;
    }
}
