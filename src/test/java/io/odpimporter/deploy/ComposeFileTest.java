package io.odpimporter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.odpimporter.testing.Containers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} read as YAML (no Docker engine here: {@code .ci/run} also validates it with
 * {@code docker-compose config -q}) and checked against the project: image versions match the ones the tests use,
 * the services wait for each other's health, and the services, ports and variables {@code docs/deploy.md} names are
 * the file's.
 */
class ComposeFileTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode compose() throws IOException {
        return YAML.readTree(Path.of("docker-compose.yml").toFile());
    }

    private static String matching(Path file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(file));
        assertThat(m.find()).as(regex + " in " + file).isTrue();
        return m.group(1);
    }

    /** @return docs/deploy.md, which documents the compose stack, the images, the native image and Kubernetes */
    private static String deployDoc() throws IOException {
        Path doc = Path.of("docs/deploy.md");
        assertThat(doc).as("the deployment guide").exists();
        return Files.readString(doc);
    }

    @Test
    void theFileIsComposeV1CompatibleAndEveryServiceHasAHealthCheck() throws IOException {
        JsonNode compose = compose();
        assertThat(compose.has("name"))
                .as("no top-level name: docker-compose v1 refuses it")
                .isFalse();
        assertThat(compose.get("version").asText()).isEqualTo("2.4");
        List<String> services = new ArrayList<>();
        compose.get("services").fieldNames().forEachRemaining(services::add);
        assertThat(services).containsExactlyInAnyOrder("kafka", "azurite", "odp-stand-in", "service");
        compose.get("services")
                .forEach(s -> assertThat(s.at("/healthcheck/test").isArray()).isTrue());
        JsonNode dependsOn = compose.at("/services/service/depends_on");
        for (String dependency : List.of("kafka", "azurite", "odp-stand-in")) {
            assertThat(dependsOn.at("/" + dependency + "/condition").asText())
                    .as(dependency)
                    .isEqualTo("service_healthy");
        }
        assertThat(compose.at("/services/service/build/dockerfile").asText())
                .isEqualTo("src/main/docker/Dockerfile.jvm");
        assertThat(Path.of("src/main/docker/Dockerfile.jvm")).exists();
        assertThat(compose.at("/services/service/healthcheck/test/1").asText())
                .contains("localhost:9000/q/health/ready");
    }

    @Test
    void imagesAreTheVersionsTheTestsAndTheLocalStackUse() throws IOException {
        JsonNode services = compose().get("services");
        String kafka = matching(Path.of("pom.xml"), "<kafka.version>([^<]+)</kafka.version>");
        String wiremock = matching(Path.of("bin/stack"), "^WIREMOCK_VERSION=(\\S+)$");
        String azurite = matching(Path.of("package.json"), "\"azurite\": \"([^\"]+)\"");
        assertThat(services.at("/kafka/image").asText()).isEqualTo("apache/kafka:" + kafka);
        assertThat(services.at("/odp-stand-in/image").asText()).isEqualTo("wiremock/wiremock:" + wiremock);
        assertThat(services.at("/azurite/image").asText())
                .isEqualTo("mcr.microsoft.com/azure-storage/azurite:" + azurite);
        assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
        // the integration tests' containers (./mvnw verify -Dcontainers) are the compose file's images
        assertThat(Containers.KAFKA_IMAGE).isEqualTo(services.at("/kafka/image").asText());
        assertThat(Containers.AZURITE_IMAGE)
                .isEqualTo(services.at("/azurite/image").asText());
        // the stand-in serves the local stack's mappings
        assertThat(services.at("/odp-stand-in/volumes/0").asText())
                .startsWith("./src/test/resources/odp-stand-in/mappings:");
        assertThat(Path.of("src/test/resources/odp-stand-in/mappings")).isDirectory();
    }

    @Test
    void theDeployDocsServicesPortsAndVariablesAreTheFiles() throws IOException {
        JsonNode services = compose().get("services");
        String section = deployDoc();
        // | `service` | image | host ports | ... |
        Matcher row = Pattern.compile("^\\| `([a-z-]+)` \\| [^|]+ \\| ([0-9, ]+) \\|", Pattern.MULTILINE)
                .matcher(section);
        Map<String, String> rows = new LinkedHashMap<>();
        while (row.find()) {
            rows.put(row.group(1), row.group(2).trim());
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrder("kafka", "azurite", "odp-stand-in", "service");
        rows.forEach((name, ports) -> {
            Set<String> published = new TreeSet<>();
            services.get(name)
                    .get("ports")
                    .forEach(p -> published.add(p.asText().split(":")[0]));
            assertThat(published).as(name + " ports").isEqualTo(new TreeSet<>(List.of(ports.split(",\\s*"))));
        });

        String file = Files.readString(Path.of("docker-compose.yml"));
        Set<String> example = new TreeSet<>();
        Matcher var = Pattern.compile("^#?([A-Z][A-Z0-9_]+)=", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of(".env.example")));
        while (var.find()) {
            example.add(var.group(1));
        }
        assertThat(example).isNotEmpty();
        // every variable of .env.example reaches the service through the compose file
        example.forEach(v -> assertThat(file).as(v).contains("${" + v + ":-"));
        // every variable docs/deploy.md names in backticks is one of .env.example's
        Matcher named = Pattern.compile("`([A-Z][A-Z0-9]+_[A-Z0-9_]+)`").matcher(section);
        while (named.find()) {
            String name = named.group(1);
            if (!name.startsWith("QUARKUS_")
                    && !name.startsWith("AZURE_CLIENT")
                    && !name.startsWith("AZURE_TENANT")
                    && !name.startsWith("AZURE_FEDERATED")
                    && !name.startsWith("AZURE_AUTHORITY")) {
                assertThat(example)
                        .as(name + " (docs/deploy.md) in .env.example")
                        .contains(name);
            }
        }
        assertThat(Files.readAllLines(Path.of(".gitignore")))
                .as(".env is never committed")
                .contains(".env");
    }
}
