package io.odpimporter.testing;

import io.odpimporter.config.ImporterConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Loads {@link ImporterConfig} from properties with the converters (those of Quarkus and the project, found as Quarkus
 * finds them) and the constraints Quarkus checks at start-up.
 */
public final class TestConfig {

    private static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();

    private TestConfig() {}

    /** @param overrides keys on top of a minimal valid configuration (container and API key) */
    public static ImporterConfig load(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                "importer.azure.container", "offline-stores",
                "importer.odp.api-key", "secret-api-key-value"));
        props.putAll(overrides);
        return new SmallRyeConfigBuilder()
                .withMapping(ImporterConfig.class)
                .addDiscoveredConverters()
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                .build()
                .getConfigMapping(ImporterConfig.class);
    }

    /**
     * Loads the configuration as the packaged service would (profile {@code prod}) from the project's
     * {@code application.properties} and environment variables, mapped to keys the way SmallRye maps them.
     *
     * @param environment environment variable names and values (e.g. a Kubernetes ConfigMap's data)
     * @throws java.io.UncheckedIOException if application.properties cannot be read
     */
    public static ImporterConfig loadFromEnvironment(Map<String, String> environment) {
        Properties application = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            application.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withMapping(ImporterConfig.class)
                .addDiscoveredConverters()
                .withSources(new PropertiesConfigSource(application, "application.properties", 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                .build()
                .getConfigMapping(ImporterConfig.class);
    }
}
