package io.odpimporter.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.domain.StoreRecord;
import io.odpimporter.odp.OdpUpserts;
import io.smallrye.mutiny.Uni;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An {@link OdpCall} that answers nothing by itself: the test completes each request's answer by hand. */
final class FakeOdp implements OdpCall {

    static final String ACCEPTED = "{\"title\":\"Accepted\",\"status\":202,\"timestamp\":\"2026-12-04T10:00:00Z\"}";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One request: its target, body and the answer the test gives. */
    record Request(StoreRecord.Target target, String body, CompletableFuture<OdpUpserts.Reply> answer) {

        /** @return the object type it was sent to, null for events */
        String objectType() {
            return target.objectType();
        }

        /** @return the {@code id} field of each object in the body, in order */
        List<String> ids() {
            List<String> ids = new ArrayList<>();
            try {
                for (JsonNode node : MAPPER.readTree(body)) {
                    ids.add(node.path("id").asText());
                }
            } catch (Exception e) {
                throw new IllegalStateException("not a JSON array: " + body, e);
            }
            return ids;
        }

        boolean isOpen() {
            return !answer.isDone();
        }

        void accept() {
            answer(202, ACCEPTED);
        }

        void answer(int status, String body) {
            answer.complete(new OdpUpserts.Reply(status, body, null));
        }

        void answer(int status, String body, String retryAfter) {
            answer.complete(new OdpUpserts.Reply(status, body, retryAfter));
        }

        void fail(Throwable noAnswer) {
            answer.completeExceptionally(noAnswer);
        }
    }

    private final List<Request> requests = new ArrayList<>();

    @Override
    public synchronized Uni<OdpUpserts.Reply> send(StoreRecord.Target target, byte[] body) {
        Request request = new Request(target, new String(body, StandardCharsets.UTF_8), new CompletableFuture<>());
        requests.add(request);
        return Uni.createFrom().completionStage(request.answer());
    }

    /** @return every request sent so far, oldest first */
    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** @return the requests not answered yet, oldest first */
    synchronized List<Request> open() {
        return requests.stream().filter(Request::isOpen).toList();
    }

    /** @return the only request not answered yet */
    Request theOpenOne() {
        List<Request> open = open();
        if (open.size() != 1) {
            throw new AssertionError("expected one open request, got " + open.size() + ": " + open);
        }
        return open.get(0);
    }

    /** @return the last request sent */
    synchronized Request last() {
        return requests.get(requests.size() - 1);
    }
}
