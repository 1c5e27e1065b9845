package io.odpimporter.logging;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Warns at start-up about secrets too short to be taken out of log lines ({@link SecretValues#tooShortToRedact}):
 * names the keys, never the values (docs/operations.md, "Logs").
 */
@ApplicationScoped
public class ShortSecretWarning {

    private static final Logger LOG = Logger.getLogger(ShortSecretWarning.class);

    private final Config config;

    public ShortSecretWarning(Config config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        List<String> keys = SecretValues.tooShortToRedact(config);
        if (!keys.isEmpty()) {
            LOG.warnf(
                    "Secret(s) shorter than %d characters in %s: they are not redacted from log lines (they would "
                            + "match ordinary words), and a short secret is a weak one: use %d characters or more",
                    Redactor.MIN_SECRET_LENGTH, String.join(", ", keys), Redactor.MIN_SECRET_LENGTH);
        }
    }
}
