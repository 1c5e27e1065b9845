package io.odpimporter.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code importer.sweep.start-after}: an ISO-8601 instant or {@code first-start} (docs/operations.md, "Start from
 * now"), checked at start-up so a bad value stops the service naming the key and the allowed values.
 */
@Target({ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = StartAfterSetting.Validator.class)
public @interface StartAfterSetting {

    /** The value that makes the first start of any replica the instant. */
    String FIRST_START = "first-start";

    String message() default
            "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z, or first-start (the first start of any replica)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the value. */
    class Validator implements ConstraintValidator<StartAfterSetting, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || isFirstStart(value)) {
                return true;
            }
            try {
                instant(value);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** @return whether the value is {@code first-start} (any case, blanks around ignored) */
        public static boolean isFirstStart(String value) {
            return FIRST_START.equalsIgnoreCase(value.strip());
        }

        /**
         * @return the configured instant; empty for {@code first-start}
         * @throws IllegalArgumentException if the value is neither an instant nor {@code first-start}
         */
        public static Optional<Instant> instant(String value) {
            if (isFirstStart(value)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Instant.parse(value.strip()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("importer.sweep.start-after must be an ISO-8601 instant such as "
                        + "2026-12-01T00:00:00Z, or first-start; got '" + value + "'");
            }
        }
    }
}
