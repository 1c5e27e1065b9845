package io.odpimporter.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A sweep cron: {@code off} (or {@code disabled}, as Quarkus' scheduler reads them) or a Quartz cron expression with
 * a seconds field, parsed as the scheduler parses it (cron-utils, {@code quarkus.scheduler.cron-type=quartz}), so a
 * bad one stops start-up naming the key instead of failing inside the scheduler.
 */
@Target({ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = SweepCron.Validator.class)
public @interface SweepCron {

    String message() default
            "must be a Quartz cron expression with a seconds field, e.g. \"0 0 6 * * ?\" (06:00 "
                    + "every day) or \"0 30 2 ? * MON-FRI\", or off";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the expression. */
    class Validator implements ConstraintValidator<SweepCron, String> {

        private static final CronParser PARSER =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (isOff(value)) {
                return true;
            }
            try {
                PARSER.parse(value.strip()).validate();
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** @return whether the cron disables the sweep ({@code off} or {@code disabled}, any case) */
        public static boolean isOff(String cron) {
            return "off".equalsIgnoreCase(cron.strip()) || "disabled".equalsIgnoreCase(cron.strip());
        }
    }
}
