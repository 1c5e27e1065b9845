package io.odpimporter.rest;

import io.odpimporter.kafka.KafkaWriter;
import io.odpimporter.kafka.TopicView;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Turns "Kafka unavailable" into a 503 the caller can retry, instead of a 500 with a stack trace. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response kafkaUnavailable(KafkaWriter.KafkaWriteException e) {
        return unavailable(e);
    }

    @ServerExceptionMapper
    public Response viewNotReady(TopicView.ViewNotReadyException e) {
        return unavailable(e);
    }

    private static Response unavailable(RuntimeException e) {
        LOG.warnf("Request refused, Kafka is not available: %s", e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header("Retry-After", "30")
                .entity(Map.of("error", "Kafka is not available, try again later: " + e.getMessage()))
                .build();
    }
}
