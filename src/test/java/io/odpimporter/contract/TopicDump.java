package io.odpimporter.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Dumps every record of a broker's topics, as the bytes are on the topic, to {@code <dir>/<topic>.jsonl}: one JSON
 * object per record with {@code topic}, {@code partition}, {@code offset}, {@code timestamp}, {@code key},
 * {@code headers} (name to UTF-8 string) and {@code value} (the value's bytes as a UTF-8 string, never
 * re-serialised; null for a tombstone). Internal topics ({@code __*}) are left out. Used by {@code bin/capture-topics}
 * (the local stack) and by the crash suite at its end; the contract fixtures under
 * {@code src/test/resources/contract} are chosen from such dumps.
 *
 * <pre>
 *   java -cp ... io.odpimporter.contract.TopicDump dump &lt;bootstrap&gt; &lt;dir&gt;
 *   java -cp ... io.odpimporter.contract.TopicDump put &lt;bootstrap&gt; &lt;topic&gt; &lt;key&gt; &lt;value&gt;
 * </pre>
 * {@code put} writes one raw value, as {@code kafka-console-producer} would (e.g. a value no replica can read).
 */
public final class TopicDump {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TopicDump() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && "dump".equals(args[0])) {
            dump(args[1], Path.of(args[2]));
        } else if (args.length == 5 && "put".equals(args[0])) {
            put(args[1], args[2], args[3], args[4]);
        } else {
            System.err.println("usage: TopicDump dump <bootstrap> <dir> | put <bootstrap> <topic> <key> <value>");
            System.exit(2);
        }
    }

    /** Writes {@code <dir>/<topic>.jsonl} for every non-internal topic of the broker; returns the topics dumped. */
    public static List<String> dump(String bootstrap, Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> dumped = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_uncommitted",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class.getName(),
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class.getName()))) {
            TreeSet<String> topics = new TreeSet<>(admin.listTopics().names().get(60, TimeUnit.SECONDS));
            topics.removeIf(t -> t.startsWith("__"));
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS);
            for (String topic : topics) {
                List<TopicPartition> partitions = new ArrayList<>();
                descriptions
                        .get(topic)
                        .partitions()
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                try (Writer out = Files.newBufferedWriter(dir.resolve(topic + ".jsonl"), StandardCharsets.UTF_8)) {
                    for (TopicPartition tp : partitions) {
                        dumpPartition(consumer, tp, out);
                    }
                }
                dumped.add(topic);
            }
        }
        return dumped;
    }

    private static void dumpPartition(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, Writer out)
            throws IOException {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        while (consumer.position(tp) < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                if (r.offset() >= end) {
                    break;
                }
                out.write(MAPPER.writeValueAsString(line(r)));
                out.write('\n');
            }
        }
    }

    static ObjectNode line(ConsumerRecord<byte[], byte[]> r) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("topic", r.topic());
        line.put("partition", r.partition());
        line.put("offset", r.offset());
        line.put("timestamp", r.timestamp());
        line.put("key", text(r.key()));
        ObjectNode headers = line.putObject("headers");
        for (Header h : r.headers()) {
            headers.put(h.key(), text(h.value()));
        }
        line.put("value", text(r.value()));
        return line;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Writes one record with a raw string value and waits for the acknowledgement. */
    public static void put(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(60, TimeUnit.SECONDS);
        }
    }
}
