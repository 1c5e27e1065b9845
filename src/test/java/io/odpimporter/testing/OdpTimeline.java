package io.odpimporter.testing;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A WireMock transformer playing an ODP incident on a clock that starts at the first request a stub gets:
 * {@code 503} (no {@code Retry-After}) for {@code outageMillis}, then {@code 429} with
 * {@code Retry-After: <retryAfter>} for {@code throttleMillis}, then ODP's {@code 202}. Parameters: {@code timeline}
 * (a name: each name has its own clock), {@code outageMillis}, {@code throttleMillis}, {@code retryAfter}.
 */
public class OdpTimeline implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "odp-timeline";
    private static final Map<String, Long> STARTS = new ConcurrentHashMap<>();

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Parameters p = serveEvent.getTransformerParameters();
        long now = System.currentTimeMillis();
        long elapsed = now - STARTS.computeIfAbsent(String.valueOf(p.get("timeline")), k -> now);
        long outage = Long.parseLong(String.valueOf(p.get("outageMillis")));
        long throttle = Long.parseLong(String.valueOf(p.get("throttleMillis")));
        if (elapsed < outage) {
            return new ResponseDefinitionBuilder()
                    .withStatus(503)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body>503 Service Unavailable</body></html>")
                    .build();
        }
        if (elapsed < outage + throttle) {
            return new ResponseDefinitionBuilder()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Retry-After", String.valueOf(p.get("retryAfter")))
                    .withBody("{\"title\":\"Too Many Requests\",\"status\":429}")
                    .build();
        }
        return OdpValidation.accepted().build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
