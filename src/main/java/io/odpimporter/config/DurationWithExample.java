package io.odpimporter.config;

import io.quarkus.runtime.configuration.DurationConverter;
import jakarta.annotation.Priority;
import org.eclipse.microprofile.config.spi.Converter;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Quarkus' duration converter (registered above it, priority 300 over 200), whose refusal also says what a duration
 * looks like: SmallRye names the key, this names the format ({@code 30s}, {@code 500ms}, {@code 5m}, ISO-8601).
 */
@Priority(300)
public class DurationWithExample implements Converter<Duration> {

    private static final long serialVersionUID = 1L;

    @Override
    public Duration convert(String value) {
        try {
            return DurationConverter.parseDuration(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "\"" + value + "\" is not a duration: must be a number with a unit "
                            + "(ms, s, m, h, d) or ISO-8601, e.g. 30s, 500ms, 5m or P1D",
                    e);
        }
    }
}
