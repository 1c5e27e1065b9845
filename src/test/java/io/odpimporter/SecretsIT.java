package io.odpimporter;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import io.odpimporter.logging.Redactor;
import io.odpimporter.testing.Api;
import io.odpimporter.testing.AzuriteTestResource;
import io.odpimporter.testing.Blobs;
import io.odpimporter.testing.EventGrid;
import io.odpimporter.testing.KafkaTestClient;
import io.odpimporter.testing.KafkaTestResource;
import io.odpimporter.testing.OdpStandInTestResource;
import io.odpimporter.testing.Stores;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No secret reaches a log or Kafka, at DEBUG: the packaged service runs with every category at DEBUG (Kafka and
 * Quarkus's own included, the log file as JSON as the production console writes) and distinctive values for every kind of
 * secret, is driven through an import with a parked record, webhook deliveries with wrong and right secrets in
 * query and header, an oversized chunked body, an oversized body with a length, clients hanging up mid-body and
 * HTTP Basic sign-ins; then every log file the launch wrote and the run-log, activity and dead-letter topics are
 * searched for each secret, plain, URL-encoded and base64. The lines that must be there are checked too.
 */
@QuarkusIntegrationTest
@TestProfile(SecretsIT.DebugWithSecrets.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzuriteTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OdpStandInTestResource.class, scope = TestResourceScope.GLOBAL)
class SecretsIT {

    static final String PATH = "/events/blob-created";
    static final String HOOK = "sx-hook-7f3a9c1e";
    static final String ROTATED = "sx-hook-rotated-2b8d4e60";
    static final String ODP_KEY = "sx-odp-key-5c2e8b71";
    static final String CLIENT_SECRET = "sx-client-secret-6b0f2a";
    static final String OPERATOR = "sx-operator";
    static final String OPERATOR_PASSWORD = "sx-operator-pw-3e9a1f";
    static final String KAFKA_PASSWORD = "sx-kafka-pw-9c4d2e";
    static final String OIDC_SECRET = "sx-oidc-secret-1a7e55";
    static final String NOTIFY_TOKEN = "sx-notify-token-8d1c4b";
    static final Instant LAUNCHED = Instant.now();
    static final String DEBUG = "\"level\":\"DEBUG\"";
    static final String WARN = "\"level\":\"WARN\"";

    /** Every category at DEBUG, the log file as JSON, and a distinctive value for every kind of secret. */
    public static class DebugWithSecrets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("quarkus.log.level", "DEBUG");
            // the test launcher sets io.quarkus to INFO: its parts at DEBUG (the embedded users' map is logged there)
            for (String category : List.of(
                    "io.quarkus.elytron",
                    "io.quarkus.security",
                    "io.quarkus.vertx",
                    "io.quarkus.oidc",
                    "io.quarkus.smallrye",
                    "io.quarkus.runtime",
                    "io.odpimporter",
                    "io.vertx",
                    "io.smallrye",
                    "kafka",
                    "org.apache.kafka",
                    "com.azure")) {
                c.put("quarkus.log.category.\"" + category + "\".level", "DEBUG");
            }
            // the file as JSON, as the production console writes (the console goes to the test's output)
            c.put("quarkus.log.file.json.enabled", "true");
            c.put("importer.webhook.secrets", HOOK + "," + ROTATED);
            c.put("importer.odp.api-key", ODP_KEY);
            c.put("importer.azure.client-secret", CLIENT_SECRET);
            c.put("quarkus.security.users.embedded.users." + OPERATOR, OPERATOR_PASSWORD);
            c.put("quarkus.security.users.embedded.roles." + OPERATOR, "operator");
            c.put(
                    "kafka.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required " + "username=\"sx\" password=\""
                            + KAFKA_PASSWORD + "\";");
            c.put("quarkus.oidc.credentials.secret", OIDC_SECRET);
            c.put("importer.activity.notify-url", "${importer.odp.base-url}/hooks/activity?token=" + NOTIFY_TOKEN);
            c.put("importer.activity.notify-level", "WARN");
            return c;
        }
    }

    /** @return every configured secret of the launch (the test profile's users too) and the forms searched */
    static Map<String, String> secretForms() {
        Map<String, String> plain = new LinkedHashMap<>();
        for (String s : List.of(
                HOOK,
                ROTATED,
                ODP_KEY,
                CLIENT_SECRET,
                OPERATOR_PASSWORD,
                KAFKA_PASSWORD,
                OIDC_SECRET,
                NOTIFY_TOKEN,
                AzuriteTestResource.KEY,
                Api.OPERATOR_PASSWORD,
                Api.VIEWER_PASSWORD)) {
            plain.put(s, s);
        }
        plain.put(OPERATOR + ":" + OPERATOR_PASSWORD, OPERATOR_PASSWORD + " (Basic)");
        plain.put("intruder:" + OPERATOR_PASSWORD, OPERATOR_PASSWORD + " (Basic, other user)");
        plain.put(Api.OPERATOR + ":" + Api.OPERATOR_PASSWORD, Api.OPERATOR_PASSWORD + " (Basic)");
        Map<String, String> forms = new LinkedHashMap<>();
        plain.forEach((value, name) -> {
            forms.put(value, name);
            forms.put(URLEncoder.encode(value, StandardCharsets.UTF_8), name + " URL-encoded");
            forms.put(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)), name + " base64");
        });
        return forms;
    }

    @Test
    void noSecretReachesALogFileOrKafkaAtDebug() throws Exception {
        BlobContainerClient container = Blobs.container("offline-stores");
        String tag = Stores.tag("secrets");
        // an import by the operator (Basic), with a record without id: a parked record, a dead letter, a WARN
        // activity entry notified to the URL with the token
        Blobs.upload(container, tag + "/a.json", Stores.json(Stores.make(tag, 0, 3)));
        Blobs.upload(
                container,
                tag + "/b.json",
                "[{\"id\":\"" + tag + "-x\",\"name\":\"ok\",\"location\":\"here\"}," + "{\"name\":\"no id\"}]");
        String runId = given().auth()
                .preemptive()
                .basic(OPERATOR, OPERATOR_PASSWORD)
                .queryParam("prefix", tag + "/")
                .post(Api.RUNS)
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        Api.awaitFinished(runId);

        // webhook deliveries: wrong and right secrets, in the query and the header
        BlobClient blob = container.getBlobClient(tag + "/c.json");
        blob.upload(BinaryData.fromString(Stores.json(Stores.make(tag + "-c", 0, 2))), true);
        String delivery = EventGrid.array(List.of(EventGrid.event(EventGrid.Blob.of(blob))));
        given().queryParam("secret", "sx-wrong-secret-4411")
                .contentType("application/json")
                .body(delivery)
                .post(PATH)
                .then()
                .statusCode(401);
        given().header("X-Webhook-Secret", "sx-wrong-secret-4411")
                .contentType("application/json")
                .body(delivery)
                .post(PATH)
                .then()
                .statusCode(401);
        given().queryParam("secret", HOOK)
                .contentType("application/json")
                .body(delivery)
                .post(PATH)
                .then()
                .statusCode(200);
        given().header("X-Webhook-Secret", ROTATED)
                .contentType("application/json")
                .body(delivery)
                .post(PATH)
                .then()
                .statusCode(200);

        // bodies over the limit (chunked and with a length, no Expect: 100-continue), clients hanging up mid-body
        assertThat(oversizedUpload(true)).contains("413");
        assertThat(oversizedUpload(false)).contains("413");
        abandonedUpload(true);
        abandonedUpload(false);

        // HTTP Basic sign-ins: right, wrong password, the right password under another name
        given().auth()
                .preemptive()
                .basic(OPERATOR, OPERATOR_PASSWORD)
                .get("/status")
                .then()
                .statusCode(200);
        given().auth()
                .preemptive()
                .basic(OPERATOR, "sx-not-the-password")
                .post(Api.RUNS)
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic("intruder", OPERATOR_PASSWORD)
                .post(Api.RUNS)
                .then()
                .statusCode(401);

        await("the abandoned uploads logged")
                .atMost(Duration.ofSeconds(20))
                .until(() -> lines(logs()).stream()
                                .filter(l -> l.contains("Webhook delivery abandoned"))
                                .count()
                        == 2);
        List<String> run = runLogs(runId);
        await("the dead letter and the activity entries written")
                .atMost(Duration.ofSeconds(20))
                .until(() -> KafkaTestClient.readAll("odp-importer.dead-letter").stream()
                                .anyMatch(r -> r.value().contains(tag))
                        && KafkaTestClient.readAll("odp-importer.activity").stream()
                                .anyMatch(r -> r.value().contains(runId)));

        // what must be there: so the scan below is not passing on an empty log
        String logs = logs();
        List<String> lines = lines(logs);
        assertThat(lines)
                .anyMatch(l -> l.contains(DEBUG)
                        && l.contains("UserInfoMap: {")
                        && l.contains(OPERATOR + "=" + Redactor.MARKER));
        assertThat(lines)
                .filteredOn(l -> l.contains("Webhook delivery refused (413)"))
                .hasSize(2)
                .allMatch(l -> l.contains(WARN));
        assertThat(lines)
                .filteredOn(l -> l.contains("Webhook delivery abandoned"))
                .hasSize(2)
                .allMatch(l -> l.contains(WARN));
        assertThat(lines).anyMatch(l -> l.contains("Webhook delivery refused (401): a wrong webhook secret"));
        assertThat(lines).anyMatch(l -> l.contains("Sign-in refused (401)") && l.contains("\\\"intruder\\\""));
        assertThat(lines).noneMatch(l -> l.contains("\"level\":\"ERROR\"") && l.contains(PATH));
        assertThat(lines).anyMatch(l -> l.contains(DEBUG) && l.contains("\"loggerName\":\"org.apache.kafka"));
        assertThat(run).isNotEmpty();

        // what must not
        List<String> kafka = new ArrayList<>();
        for (String topic : List.of("odp-importer.run-logs", "odp-importer.activity", "odp-importer.dead-letter")) {
            KafkaTestClient.readAll(topic).stream().map(ConsumerRecord::value).forEach(kafka::add);
        }
        String stored = String.join("\n", kafka);
        List<String> hits = new ArrayList<>();
        secretForms().forEach((form, name) -> {
            if (logs.contains(form)) {
                hits.add(name + " in a log: " + around(logs, form));
            }
            if (stored.contains(form)) {
                hits.add(name + " in Kafka: " + around(stored, form));
            }
        });
        assertThat(hits).isEmpty();
    }

    /** @return the lines of the run's log (the run-logs topic) */
    private static List<String> runLogs(String runId) {
        return KafkaTestClient.readAll("odp-importer.run-logs").stream()
                .filter(r -> runId.equals(r.key()))
                .map(ConsumerRecord::value)
                .toList();
    }

    /** @return every log file under target/ written since this class was loaded, concatenated */
    private static String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("target"), 2)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches(".*\\.log(\\.\\d+)?"))
                    .filter(f -> modifiedSinceLaunch(f))
                    .toList()) {
                all.append(Files.readString(file, StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return all.toString();
    }

    private static boolean modifiedSinceLaunch(Path file) {
        try {
            return !Files.getLastModifiedTime(file).toInstant().isBefore(LAUNCHED.minusSeconds(5));
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the log's JSON lines */
    private static List<String> lines(String logs) {
        return logs.lines().filter(l -> l.startsWith("{")).toList();
    }

    private static String around(String text, String form) {
        int at = text.indexOf(form);
        return text.substring(Math.max(0, at - 150), Math.min(text.length(), at + form.length() + 50));
    }

    /**
     * Sends 4 MB (twice the limit) with the right secret in the query, chunked or with a Content-Length, without
     * waiting for an answer. @return the answer's status line
     */
    private static String oversizedUpload(boolean chunked) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            int size = 64 * 1024;
            int chunks = 64;
            out.write(("POST " + PATH + "?secret=" + HOOK + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\n"
                            + (chunked
                                    ? "Transfer-Encoding: chunked\r\n"
                                    : "Content-Length: " + (size * chunks) + "\r\n")
                            + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = " ".repeat(size).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < chunks; i++) {
                    if (chunked) {
                        out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(chunk);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException e) {
                // the service answered 413 and closed the connection while the body was still being sent
            }
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    /**
     * Starts an upload with the right secret in the query and closes the connection halfway through the body. The
     * request asks for {@code 100 Continue}, so the body is sent (and cut) once the service reads it.
     */
    private static void abandonedUpload(boolean chunked) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PATH + "?secret=" + ROTATED + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                            + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: 100000\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine())
                    .isEqualTo("HTTP/1.1 100 Continue");
            out.write(((chunked ? "100\r\n" : "") + "[{\"id\":\"x\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
