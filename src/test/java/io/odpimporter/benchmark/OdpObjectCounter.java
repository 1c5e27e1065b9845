package io.odpimporter.benchmark;

import com.github.tomakehurst.wiremock.admin.Router;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.AdminApiExtension;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A WireMock extension for the benchmark's ODP stand-in, which runs without a request journal: it counts the objects
 * of every upsert ({@code POST /v3/objects/...}) answered 2xx, per id tag (the id up to its last {@code -}: one tag
 * per dataset or upload), with the distinct record numbers (the digits after the last {@code -}) in a bit set and
 * the time of the first and last accepted request. Reading the counts costs nothing per request beyond a scan of the
 * body for the id field; nothing else is kept.
 *
 * <p>Admin API: {@code GET /__admin/bench/counts} answers
 * {@code {"<tag>": {"objects": n, "distinct": n, "requests": n, "firstAt": epochMillis, "lastAt": epochMillis}}};
 * {@code POST /__admin/bench/reset} forgets everything. Loaded with {@code --extensions} on a standalone WireMock.
 * Requests that break ODP's contract (not an array, no object with an id, more than 500 objects) are counted under
 * the tag {@value #MALFORMED}: the benchmark's stand-in leaves out the two body-parsing mappings of the local stack
 * (they parse every body twice) and checks the same rules here in one scan.
 */
public final class OdpObjectCounter implements ServeEventListener, AdminApiExtension {

    /** The primary key field of the ODP object (the service's {@code importer.odp.fields.id} default). */
    static final byte[] ID_FIELD = "\"ocp_quickstart_offline_store_id\":\"".getBytes(StandardCharsets.US_ASCII);

    /** The tag counting requests that break ODP's contract: no object with an id, more than 500, not an array. */
    static final String MALFORMED = "(malformed)";

    private static final Map<String, Tag> TAGS = new ConcurrentHashMap<>();

    /** Counts of one id tag. */
    private static final class Tag {
        long objects;
        long requests;
        long firstAt = Long.MAX_VALUE;
        long lastAt;
        final BitSet numbers = new BitSet();
    }

    @Override
    public String getName() {
        return "odp-object-counter";
    }

    @Override
    public void afterComplete(ServeEvent event, Parameters parameters) {
        if (!RequestMethod.POST.equals(event.getRequest().getMethod())
                || !event.getRequest().getUrl().startsWith("/v3/objects/")
                || event.getResponse() == null
                || event.getResponse().getStatus() / 100 != 2) {
            return;
        }
        long now = System.currentTimeMillis();
        byte[] body = event.getRequest().getBody();
        Map<String, Tag> seen = new HashMap<>();
        int i = 0;
        int ids = 0;
        while ((i = indexOf(body, ID_FIELD, i)) >= 0) {
            ids++;
            int start = i + ID_FIELD.length;
            int end = start;
            while (end < body.length && body[end] != '"') {
                end++;
            }
            int dash = end - 1;
            while (dash > start && body[dash] != '-') {
                dash--;
            }
            String tag = new String(body, start, Math.max(0, dash - start), StandardCharsets.UTF_8);
            long number = -1;
            if (dash > start && end - dash - 1 <= 18) {
                number = 0;
                for (int d = dash + 1; d < end && number >= 0; d++) {
                    number = body[d] >= '0' && body[d] <= '9' ? number * 10 + (body[d] - '0') : -1;
                }
            }
            Tag counts = seen.computeIfAbsent(tag, t -> TAGS.computeIfAbsent(t, x -> new Tag()));
            synchronized (counts) {
                counts.objects++;
                if (number >= 0 && number < Integer.MAX_VALUE) {
                    counts.numbers.set((int) number);
                }
            }
            i = end;
        }
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (ids == 0 || ids > 500 || first == body.length || body[first] != '[') {
            // the ODP contract the benchmark's stand-in does not check per request (a non-empty array of at most
            // 500 objects): counted, and the benchmark fails if any
            seen.put(MALFORMED, TAGS.computeIfAbsent(MALFORMED, x -> new Tag()));
        }
        seen.values().forEach(counts -> {
            synchronized (counts) {
                counts.requests++;
                counts.firstAt = Math.min(counts.firstAt, now);
                counts.lastAt = Math.max(counts.lastAt, now);
            }
        });
    }

    private static int indexOf(byte[] body, byte[] what, int from) {
        outer:
        for (int i = from; i <= body.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (body[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void contributeAdminApiRoutes(Router router) {
        router.add(RequestMethod.GET, "/bench/counts", (admin, event, params) -> json(counts()));
        router.add(RequestMethod.POST, "/bench/reset", (admin, event, params) -> {
            TAGS.clear();
            return json("{}");
        });
    }

    private static String counts() {
        StringBuilder json = new StringBuilder("{");
        new TreeMap<>(TAGS).forEach((tag, counts) -> {
            synchronized (counts) {
                json.append(json.length() > 1 ? "," : "")
                        .append('"')
                        .append(tag.replace("\"", ""))
                        .append("\":{")
                        .append("\"objects\":")
                        .append(counts.objects)
                        .append(",\"distinct\":")
                        .append(counts.numbers.cardinality())
                        .append(",\"requests\":")
                        .append(counts.requests)
                        .append(",\"firstAt\":")
                        .append(counts.requests == 0 ? 0 : counts.firstAt)
                        .append(",\"lastAt\":")
                        .append(counts.lastAt)
                        .append('}');
            }
        });
        return json.append('}').toString();
    }

    private static ResponseDefinition json(String body) {
        return new ResponseDefinitionBuilder()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body)
                .build();
    }
}
