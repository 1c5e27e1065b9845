package io.odpimporter.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.odpimporter.rules.Rules;
import io.odpimporter.testing.RulesExample;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes form of rules (docs/configuration.md, "Rules"): {@code k8s/overlays/rules} generates a ConfigMap from
 * its {@code application.properties}, mounts it into the base's container and points {@code QUARKUS_CONFIG_LOCATIONS}
 * at the file; the file is the documented example, and the service accepts it. (That the packaged service reads a
 * file named by {@code QUARKUS_CONFIG_LOCATIONS} is not verified by a launch yet.)
 */
class RulesOverlayTest {

    private static final Path OVERLAY = Path.of("k8s/overlays/rules");
    private static final Path BASE = Path.of("k8s/base");
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    @Test
    void theOverlayMountsTheGeneratedConfigMapWhereQuarkusConfigLocationsPoints() throws IOException {
        JsonNode kustomization =
                YAML.readTree(OVERLAY.resolve("kustomization.yaml").toFile());
        assertThat(kustomization.at("/resources/0").asText()).isEqualTo("../../base");
        JsonNode generator = kustomization.at("/configMapGenerator/0");
        assertThat(generator.at("/files/0").asText()).isEqualTo("application.properties");
        assertThat(kustomization.at("/patches/0/path").asText()).isEqualTo("deployment.yaml");

        Deployment base = YAML.readValue(BASE.resolve("deployment.yaml").toFile(), Deployment.class);
        Deployment patch = YAML.readValue(OVERLAY.resolve("deployment.yaml").toFile(), Deployment.class);
        assertThat(patch.getMetadata().getName()).isEqualTo(base.getMetadata().getName());
        Container container = single(patch.getSpec().getTemplate().getSpec().getContainers());
        assertThat(container.getName())
                .isEqualTo(single(base.getSpec().getTemplate().getSpec().getContainers())
                        .getName());
        Volume volume = single(patch.getSpec().getTemplate().getSpec().getVolumes());
        assertThat(volume.getConfigMap().getName())
                .isEqualTo(generator.path("name").asText());
        VolumeMount mount = single(container.getVolumeMounts());
        assertThat(mount.getName()).isEqualTo(volume.getName());
        assertThat(mount.getReadOnly()).isTrue();
        EnvVar locations = single(container.getEnv());
        assertThat(locations.getName()).isEqualTo("QUARKUS_CONFIG_LOCATIONS");
        assertThat(locations.getValue()).isEqualTo(mount.getMountPath() + "/application.properties");
        // the base's container mounts nothing there
        assertThat(single(base.getSpec().getTemplate().getSpec().getContainers())
                        .getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .doesNotContain(mount.getMountPath());
    }

    @Test
    void theMountedFileIsTheDocumentedExampleAndTheServiceAcceptsIt() throws IOException {
        Map<String, String> file = RulesExample.parse(Files.readString(OVERLAY.resolve("application.properties")));

        assertThat(file).containsExactlyEntriesOf(RulesExample.properties());
        assertThat(file.keySet()).allMatch(k -> k.startsWith("importer.rules["));
        Rules rules = new Rules(TestConfig.load(file));
        assertThat(rules.all()).hasSize(3);
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
