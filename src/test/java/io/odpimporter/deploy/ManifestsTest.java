package io.odpimporter.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.odpimporter.config.ImporterConfig;
import io.odpimporter.testing.TestConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests under {@code k8s/} parsed with the fabric8 kubernetes-model classes (no API server is
 * reachable here, so {@code kubectl --dry-run} cannot run), and checked against the application's configuration:
 * probe paths and ports, config keys, secret names, the webhook path, topic and consumer group of the autoscaler.
 */
class ManifestsTest {

    private static final Path BASE = Path.of("k8s/base");
    private static final Path OVERLAY = Path.of("k8s/overlays/workload-identity");
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Deployment",
            Deployment.class,
            "Service",
            Service.class,
            "ConfigMap",
            ConfigMap.class,
            "Secret",
            Secret.class,
            "ServiceAccount",
            ServiceAccount.class,
            "Ingress",
            Ingress.class,
            "PodDisruptionBudget",
            PodDisruptionBudget.class,
            "Namespace",
            Namespace.class,
            "ScaledObject",
            GenericKubernetesResource.class);

    /** Each IMPORTER_* key of the ConfigMap and what the application reads from it. */
    private static final Map<String, Function<ImporterConfig, Object>> IMPORTER_KEYS = Map.of(
            "AZURE_STORAGE_CONTAINER", c -> c.azure().container(),
            "IMPORTER_AZURE_AUTH",
                    c -> c.azure()
                            .auth()
                            .map(a -> a.name().toLowerCase().replace('_', '-'))
                            .orElse(""),
            "IMPORTER_ODP_REGION", c -> c.odp().region().name().toLowerCase(),
            "IMPORTER_ODP_OBJECT_TYPE", c -> c.odp().objectType(),
            "IMPORTER_TOPICS_FILES_PARTITIONS", c -> c.topics().filesPartitions(),
            "IMPORTER_TOPICS_STORES_PARTITIONS", c -> c.topics().storesPartitions(),
            "IMPORTER_SINK_MAX_IN_FLIGHT", c -> c.sink().maxInFlight(),
            "IMPORTER_SINK_BUFFER_CAPACITY",
                    c -> c.sink().bufferCapacity().map(String::valueOf).orElse(""));

    private static <T extends HasMetadata> T read(Path file, Class<T> type) {
        try {
            T resource = YAML.readValue(file.toFile(), type);
            if (type == GenericKubernetesResource.class) {
                assertThat(resource.getKind()).as(file + " kind").isEqualTo("ScaledObject");
                assertThat(resource.getApiVersion()).as(file + " apiVersion").isEqualTo("keda.sh/v1alpha1");
            } else {
                assertThat(resource.getKind()).as(file + " kind").isEqualTo(type.getSimpleName());
                List<String> unknown = new ArrayList<>();
                unknownFields(resource, resource.getKind(), unknown);
                assertThat(unknown)
                        .as("fields of " + file + " the Kubernetes API does not have")
                        .isEmpty();
            }
            return resource;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /**
     * Collects the fields the model does not know: fabric8's classes keep them in {@code additionalProperties}
     * instead of failing, so a misspelt key ({@code readinesProbe}) would otherwise parse.
     */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                unknownFields(field, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }

    private static JsonNode tree(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the base's resources (those kustomization.yaml lists), by kind */
    private static Map<String, HasMetadata> base() {
        Map<String, HasMetadata> byKind = new LinkedHashMap<>();
        for (JsonNode resource : tree(BASE.resolve("kustomization.yaml")).get("resources")) {
            Path file = BASE.resolve(resource.asText());
            assertThat(file).as("a resource of k8s/base/kustomization.yaml").exists();
            String kind = tree(file).get("kind").asText();
            assertThat(KINDS).as("kind of " + file).containsKey(kind);
            byKind.put(kind, read(file, KINDS.get(kind)));
        }
        return byKind;
    }

    private static Container container(Deployment deployment) {
        List<Container> containers =
                deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Properties applicationProperties() {
        Properties p = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** @return the default in {@code ${ENV:default}} of a property of application.properties */
    private static int defaultPort(String key) {
        Matcher m = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}")
                .matcher(applicationProperties().getProperty(key));
        assertThat(m.matches()).as(key).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void everyManifestParsesAsItsKindAndNothingIsLeftOutOfKustomization() throws IOException {
        Map<String, HasMetadata> base = base();
        assertThat(base.keySet())
                .containsExactlyInAnyOrder(
                        "Namespace",
                        "ServiceAccount",
                        "ConfigMap",
                        "Deployment",
                        "Service",
                        "Ingress",
                        "PodDisruptionBudget",
                        "ScaledObject");
        try (var files = Files.list(BASE)) {
            List<String> yaml = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml"))
                    .filter(f -> !f.equals("kustomization.yaml") && !f.equals("secret.template.yaml"))
                    .toList();
            List<String> listed = new ArrayList<>();
            tree(BASE.resolve("kustomization.yaml")).get("resources").forEach(r -> listed.add(r.asText()));
            assertThat(listed).containsExactlyInAnyOrderElementsOf(yaml);
        }
        assertThat(read(BASE.resolve("secret.template.yaml"), Secret.class)
                        .getMetadata()
                        .getName())
                .isEqualTo("odp-blob-importer-secrets");
    }

    @Test
    void probesAndPortsAreTheApplicationsManagementAndHttpPorts() {
        Deployment deployment = (Deployment) base().get("Deployment");
        Container c = container(deployment);
        Map<String, Integer> ports = c.getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertThat(ports)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "http",
                        defaultPort("quarkus.http.port"),
                        "management",
                        defaultPort("quarkus.management.port")));
        Map<String, Probe> probes = Map.of(
                "/q/health/started",
                c.getStartupProbe(),
                "/q/health/live",
                c.getLivenessProbe(),
                "/q/health/ready",
                c.getReadinessProbe());
        probes.forEach((path, probe) -> {
            assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
            assertThat(probe.getHttpGet().getPort().getStrVal()).as(path).isEqualTo("management");
        });

        Service service = (Service) base().get("Service");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts())
                .allSatisfy(p -> assertThat(ports).containsKey(p.getTargetPort().getStrVal()));
        PodDisruptionBudget pdb = (PodDisruptionBudget) base().get("PodDisruptionBudget");
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void thePodRunsNonRootOnAReadOnlyRootWithAWritableTmpAndTheBenchmarksMemory() {
        Deployment deployment = (Deployment) base().get("Deployment");
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container c = container(deployment);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L); // the user of Dockerfile.jvm
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        // termination grace well beyond a graceful stop (measured at 18.4 s: sink drained, offsets committed)
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(45L);
        // the benchmark: a 1 GB blob at -Xmx256m with a peak RSS of 520 MB
        long limit = Quantity.getAmountInBytes(c.getResources().getLimits().get("memory"))
                .longValue();
        assertThat(limit).isGreaterThanOrEqualTo(640L << 20);
        String javaOpts = ((ConfigMap) base().get("ConfigMap")).getData().get("JAVA_OPTS_APPEND");
        Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaOpts);
        assertThat(percent.find()).isTrue();
        assertThat(limit * Integer.parseInt(percent.group(1)) / 100).isGreaterThanOrEqualTo(240L << 20);
    }

    @Test
    void configMapKeysAreSettingsTheApplicationReads() {
        Map<String, String> data = ((ConfigMap) base().get("ConfigMap")).getData();
        Properties app = applicationProperties();
        data.forEach((key, value) -> {
            if (key.startsWith("IMPORTER_") || key.equals("AZURE_STORAGE_CONTAINER")) {
                assertThat(IMPORTER_KEYS)
                        .as("a ConfigMap key this test knows how the application reads")
                        .containsKey(key);
            } else if (key.startsWith("QUARKUS_")) {
                String property = key.toLowerCase().replace('_', '.');
                assertThat(app.stringPropertyNames().stream().map(k -> k.replace('-', '.')))
                        .as(key + " overrides a key of application.properties")
                        .contains(property);
            } else if (!key.equals("JAVA_OPTS_APPEND")) {
                assertThat(app.values().stream().map(Object::toString))
                        .as(key + " is an environment variable application.properties reads")
                        .anySatisfy(v -> assertThat(v).contains("${" + key + ":"));
            }
        });
        // the values reach the typed configuration, read as the packaged service reads its environment
        Map<String, String> environment = new HashMap<>(data);
        environment.put("IMPORTER_AZURE_CONNECTION_STRING", "UseDevelopmentStorage=true");
        environment.put("IMPORTER_ODP_API_KEY", "from-the-secret");
        ImporterConfig config = TestConfig.loadFromEnvironment(environment);
        IMPORTER_KEYS.forEach((key, read) -> {
            if (data.containsKey(key)) {
                assertThat(String.valueOf(read.apply(config))).as(key).isEqualTo(data.get(key));
            }
        });
    }

    @Test
    void secretsComeFromTheTemplatesSecretAndItsKeys() {
        Secret template = read(BASE.resolve("secret.template.yaml"), Secret.class);
        Container c = container((Deployment) base().get("Deployment"));
        List<EnvVar> fromSecret = c.getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .toList();
        assertThat(fromSecret)
                .extracting(EnvVar::getName)
                .contains("IMPORTER_ODP_API_KEY", "IMPORTER_WEBHOOK_SECRETS", "IMPORTER_AZURE_CONNECTION_STRING");
        fromSecret.forEach(e -> {
            assertThat(e.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(template.getMetadata().getName());
            assertThat(template.getStringData())
                    .containsKey(e.getValueFrom().getSecretKeyRef().getKey());
        });
        // no secret in the ConfigMap
        assertThat(((ConfigMap) base().get("ConfigMap")).getData().keySet())
                .noneMatch(k -> k.contains("KEY")
                        || k.contains("SECRET")
                        || k.contains("PASSWORD")
                        || k.contains("CONNECTION_STRING"));
    }

    @Test
    void theIngressExposesOnlyTheWebhookPathOverTls() {
        Ingress ingress = (Ingress) base().get("Ingress");
        ImporterConfig config = TestConfig.load(Map.of());
        assertThat(ingress.getSpec().getTls()).isNotEmpty();
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream()
                .flatMap(r -> r.getHttp().getPaths().stream())
                .toList();
        assertThat(paths).singleElement().satisfies(p -> {
            assertThat(p.getPath()).isEqualTo(config.webhook().path());
            assertThat(p.getPathType()).isEqualTo("Exact");
            assertThat(p.getBackend().getService().getName())
                    .isEqualTo(base().get("Service").getMetadata().getName());
            assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("http");
        });
        assertThat(ingress.getSpec().getTls().get(0).getHosts())
                .contains(ingress.getSpec().getRules().get(0).getHost());
    }

    @Test
    void theAutoscalerWatchesTheStoresConsumerGroupsLagWithReplicasCappedByPartitions() {
        GenericKubernetesResource scaled = (GenericKubernetesResource) base().get("ScaledObject");
        Map<String, String> data = ((ConfigMap) base().get("ConfigMap")).getData();
        ImporterConfig config = TestConfig.load(Map.of());
        JsonNode spec = YAML.valueToTree(scaled.getAdditionalProperties().get("spec"));
        assertThat(spec.at("/scaleTargetRef/name").asText())
                .isEqualTo(base().get("Deployment").getMetadata().getName());
        assertThat(spec.get("maxReplicaCount").asInt())
                .isLessThanOrEqualTo(Integer.parseInt(data.get("IMPORTER_TOPICS_STORES_PARTITIONS")));
        JsonNode trigger = spec.at("/triggers/0");
        assertThat(trigger.get("type").asText()).isEqualTo("kafka");
        assertThat(trigger.at("/metadata/consumerGroup").asText()).isEqualTo(config.consumerGroup() + "-stores");
        assertThat(trigger.at("/metadata/topic").asText())
                .isEqualTo(config.topics().stores());
        assertThat(trigger.at("/metadata/bootstrapServers").asText()).isEqualTo(data.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(applicationProperties().getProperty("mp.messaging.incoming.stores.group.id"))
                .isEqualTo("${importer.consumer-group}-stores");
    }

    @Test
    void theWorkloadIdentityOverlayLabelsThePodAnnotatesTheAccountAndDropsTheStorageSecret() {
        Map<String, HasMetadata> base = base();
        JsonNode kustomization = tree(OVERLAY.resolve("kustomization.yaml"));
        assertThat(kustomization.at("/resources/0").asText()).isEqualTo("../../base");
        List<String> patched = new ArrayList<>();
        for (JsonNode patch : kustomization.get("patches")) {
            JsonNode p = tree(OVERLAY.resolve(patch.get("path").asText()));
            // a patch names a resource of the base
            assertThat(base.get(p.get("kind").asText()).getMetadata().getName())
                    .isEqualTo(p.at("/metadata/name").asText());
            patched.add(p.get("kind").asText());
        }
        assertThat(patched).containsExactlyInAnyOrder("ServiceAccount", "Deployment", "ConfigMap");

        ServiceAccount account = read(OVERLAY.resolve("serviceaccount.yaml"), ServiceAccount.class);
        assertThat(account.getMetadata().getAnnotations()).containsKey("azure.workload.identity/client-id");
        JsonNode deployment = tree(OVERLAY.resolve("deployment.yaml"));
        assertThat(deployment
                        .at("/spec/template/metadata/labels/azure.workload.identity~1use")
                        .asText())
                .isEqualTo("true");
        assertThat(deployment.at("/spec/template/spec/containers/0/name").asText())
                .isEqualTo(container((Deployment) base.get("Deployment")).getName());
        assertThat(deployment.at("/spec/template/spec/containers/0/env/0/name").asText())
                .isEqualTo("IMPORTER_AZURE_CONNECTION_STRING");
        assertThat(deployment
                        .at("/spec/template/spec/containers/0/env/0/$patch")
                        .asText())
                .isEqualTo("delete");
        ConfigMap config = read(OVERLAY.resolve("configmap.yaml"), ConfigMap.class);
        assertThat(config.getData())
                .containsEntry("IMPORTER_AZURE_AUTH", "default")
                .containsKey("IMPORTER_AZURE_ACCOUNT_NAME");
        // the overlay's ConfigMap over the base's, read as the service reads its environment
        Map<String, String> environment = new HashMap<>(((ConfigMap) base.get("ConfigMap")).getData());
        environment.putAll(config.getData());
        environment.put("IMPORTER_ODP_API_KEY", "from-the-secret");
        ImporterConfig read = TestConfig.loadFromEnvironment(environment);
        assertThat(read.azure().auth()).contains(ImporterConfig.AuthMode.DEFAULT);
        assertThat(read.azure().accountName()).contains(config.getData().get("IMPORTER_AZURE_ACCOUNT_NAME"));
        assertThat(read.azure().connectionString()).isEmpty();
    }
}
