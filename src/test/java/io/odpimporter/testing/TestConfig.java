package io.odpimporter.testing;

import io.odpimporter.config.ImporterConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Loads {@link ImporterConfig} from properties with the constraints Quarkus checks at start-up. */
public final class TestConfig {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private TestConfig() {
    }

    /** @param overrides keys on top of a minimal valid configuration (container and API key) */
    public static ImporterConfig load(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                "importer.azure.container", "offline-stores",
                "importer.odp.api-key", "secret-api-key-value"));
        props.putAll(overrides);
        return new SmallRyeConfigBuilder()
                .withMapping(ImporterConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                .build()
                .getConfigMapping(ImporterConfig.class);
    }
}
