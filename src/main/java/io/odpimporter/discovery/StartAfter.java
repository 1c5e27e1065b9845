package io.odpimporter.discovery;

import io.odpimporter.config.ImporterConfig;
import io.odpimporter.config.StartAfterSetting;
import io.odpimporter.domain.SharedSetting;
import io.odpimporter.state.SharedSettings;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * "Start from now" ({@code importer.sweep.start-after}; docs/operations.md, "Start from now"): the sweep, the webhook
 * and a trigger without a backfill range import only blobs last modified after this instant; older ones are left
 * alone (the files API lists them as NOT_IMPORTED) until a backfill asks for them.
 *
 * <p>Last-Modified has a resolution of one second, so a blob last modified in the instant's own second counts as
 * after it: {@link #leavesAlone} leaves a blob alone only if its Last-Modified is before that second.
 *
 * <p>With {@code first-start}, the instant is the first start of any replica, written once to the state topic
 * ({@link SharedSettings}): at start-up in the background, or at the first use if Kafka was not reachable then.
 */
@Singleton
public class StartAfter {

    private static final Logger LOG = Logger.getLogger(StartAfter.class);

    private final Optional<String> setting;
    private final SharedSettings settings;
    private volatile Instant instant;
    /** When this replica started: the value it writes for {@code first-start}. */
    private volatile Instant startedAt = Instant.now();

    public StartAfter(ImporterConfig config, SharedSettings settings) {
        this.setting = config.sweep().startAfter().map(String::strip).filter(s -> !s.isEmpty());
        this.settings = settings;
        this.instant = setting.flatMap(StartAfterSetting.Validator::instant).orElse(null);
    }

    void onStart(@Observes StartupEvent event) {
        startedAt = Instant.now();
        if (firstStart()) {
            // in the background: the state view's channel starts with the application
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    LOG.infof(
                            "importer.sweep.start-after=first-start: blobs last modified before %s are left "
                                    + "alone (backfill them on purpose)",
                            instant().orElseThrow());
                } catch (RuntimeException e) {
                    LOG.warnf(
                            "importer.sweep.start-after=first-start: cannot read or write the state topic yet (%s); "
                                    + "the first sweep or webhook delivery tries again",
                            e.getMessage());
                }
            });
        }
    }

    /** @return the configured value ({@code first-start} or the instant as written), empty when unset */
    public Optional<String> setting() {
        return setting;
    }

    /** @return whether the setting is {@code first-start} */
    public boolean firstStart() {
        return setting.filter(StartAfterSetting.Validator::isFirstStart).isPresent();
    }

    /**
     * @return the instant, empty when unset
     * @throws io.odpimporter.kafka.KafkaWriter.KafkaWriteException    ({@code first-start}) Kafka refused the write
     * @throws io.odpimporter.kafka.TopicView.ViewNotReadyException ({@code first-start}) the state topic cannot be read
     */
    public Optional<Instant> instant() {
        if (setting.isEmpty()) {
            return Optional.empty();
        }
        Instant known = instant;
        if (known == null) {
            synchronized (this) {
                if (instant == null) {
                    instant = settings.writeOnce(SharedSetting.FIRST_START, startedAt);
                }
                known = instant;
            }
        }
        return Optional.of(known);
    }

    /** @return the instant if known without asking Kafka (for {@code /status}); empty when unset or not read yet */
    public Optional<Instant> known() {
        return Optional.ofNullable(instant);
    }

    /**
     * @return whether a blob last modified at {@code lastModified} is left alone: before the second of the instant
     *         (the instant being {@code startAfter}; null: nothing is left alone)
     */
    public static boolean leavesAlone(Instant lastModified, Instant startAfter) {
        return startAfter != null
                && lastModified != null
                && lastModified.isBefore(startAfter.truncatedTo(ChronoUnit.SECONDS));
    }
}
