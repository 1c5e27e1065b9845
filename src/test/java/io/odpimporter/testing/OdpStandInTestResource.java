package io.odpimporter.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The ODP stand-in: an in-process WireMock server with ODP's objects, events and schema contract (the mappings under
 * {@code src/test/resources/odp-stand-in}, also used by the local stack): 202 with ODP's JSON for a JSON array
 * with an API key, 401 without a key, 403 for a key starting with {@code bad-}, 400 for a non-array or more
 * than 500 objects or events; events are validated per event by {@link OdpEventsValidation} (400 naming the invalid
 * ones by index); {@link OdpRateLimit} answers 429 above a rate for a test's own requests. Tests inject it with
 * {@link InjectOdpStandIn} to read its request journal or add faults.
 *
 * <p><b>The schema</b> ({@link OdpSchemaStandIn}, docs/testing.md "The ODP stand-in"): a new stand-in has an
 * <em>empty</em> schema: {@code GET /v3/schema/objects/{name}} answers 404 until {@code POST /v3/schema/objects}
 * creates the object (the service under test runs with {@code %test.importer.schema.bootstrap=create}, so it
 * creates what its rules need at start). {@code POST /v3/schema/objects/{name}/fields} adds fields; ODP's "already
 * used by another object" and "already exists" 400s are answered. In a test:
 * <ul>
 *   <li>Java: {@link #schema()} (or a field {@code @InjectOdpStandIn OdpSchemaStandIn schema}):
 *       {@code reset()} (empty, strict off), {@code seed(json)} (objects as {@code POST /v3/schema/objects} takes
 *       them, or an array; replaces one of the same name, e.g. to give a field another type), {@code strict(true)},
 *       {@code object(name)}, {@code objects()}. The service creates its objects only at start (or on demand):
 *       a class that resets must seed, or re-bootstrap, what its service needs; restore in {@code @AfterAll}
 *       what it changed ({@code reset()} then {@code seed(...)}, strict off) so the next class sharing the
 *       packaged app finds the schema its service created.
 *   <li>HTTP (the crash suite, {@code bin/stack}, a service's own calls): {@code GET /__admin/odp/schema} answers
 *       {@code {strict, objects}}; {@code POST /__admin/odp/schema} seeds; {@code DELETE /__admin/odp/schema}
 *       resets; {@code POST /__admin/odp/schema/strict} turns strict mode on, {@code DELETE} off.
 * </ul>
 *
 * <p><b>Strict mode</b> (off by default; refusing unknown fields and wrong types is our assumption about ODP, not
 * documented): {@code POST /v3/objects/{type}} answers 404 for an object the schema does not have, and
 * {@code POST /v3/objects/{type}} and {@code POST /v3/events} answer ODP's 400
 * {@code detail.invalids[{event: <index>, message}]} for objects with a field the object does not have, a value of
 * another type or a missing primary key, and events with a {@code data} field the {@code events} object does not
 * have ({@code idempotence_id} is always known) or of another type. It composes with {@link OdpValidation}'s
 * {@code REFUSE} and {@link OdpEventsValidation}'s refusals (the invalids are merged) and leaves 401, 403, 429 and
 * test faults alone. With strict mode on, events need an {@code events} object in the schema.
 */
public class OdpStandInTestResource implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;
    private static OdpSchemaStandIn schema;

    /** @return the running stand-in's schema (its state, strict mode), for tests in this JVM */
    public static synchronized OdpSchemaStandIn schema() {
        if (schema == null) {
            throw new IllegalStateException("the ODP stand-in is not running");
        }
        return schema;
    }

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            schema = new OdpSchemaStandIn();
            server = new WireMockServer(options()
                    .dynamicPort()
                    .usingFilesUnderClasspath("odp-stand-in")
                    .globalTemplating(false)
                    .extensions(new OdpValidation(), new OdpRateLimit(), new OdpEventsValidation(), schema));
            server.start();
            server.stubFor(OdpEventsValidation.stub());
        }
        return Map.of("importer.odp.base-url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectOdpStandIn.class, WireMockServer.class));
        injector.injectIntoFields(
                schema, new TestInjector.AnnotatedAndMatchesType(InjectOdpStandIn.class, OdpSchemaStandIn.class));
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
            schema = null;
        }
    }
}
