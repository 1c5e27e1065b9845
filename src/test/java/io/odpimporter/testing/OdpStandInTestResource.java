package io.odpimporter.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The ODP stand-in: an in-process WireMock server with ODP's objects and events contract (the mappings under
 * {@code src/test/resources/odp-stand-in}, also used by the local stack): 202 with ODP's JSON for a JSON array
 * with an API key, 401 without a key, 403 for a key starting with {@code bad-}, 400 for a non-array or more
 * than 500 objects or events; events are validated per event by {@link OdpEventsValidation} (400 naming the invalid
 * ones by index); {@link OdpRateLimit} answers 429 above a rate for a test's own requests. Tests inject it with {@link InjectOdpStandIn} to read its request journal or add faults.
 */
public class OdpStandInTestResource implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = new WireMockServer(options()
                    .dynamicPort()
                    .usingFilesUnderClasspath("odp-stand-in")
                    .globalTemplating(false)
                    .extensions(new OdpValidation(), new OdpRateLimit(), new OdpEventsValidation()));
            server.start();
            server.stubFor(OdpEventsValidation.stub());
        }
        return Map.of("importer.odp.base-url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectOdpStandIn.class, WireMockServer.class));
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
