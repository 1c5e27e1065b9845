package io.odpimporter.state;

import io.odpimporter.domain.SharedSetting;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The state topic: a setting written once, and the first record in the log wins (docs/operations.md). */
class SharedSettingsTest {

    private static final Instant T1 = Instant.parse("2026-12-01T09:00:00.250Z");
    private static final Instant T2 = Instant.parse("2026-12-01T09:00:01.500Z");

    /** One partition shared by every replica: records in log order, each replica folds all of them. */
    private static final class Topic {
        final List<SharedSetting> records = new ArrayList<>();
        final List<String> tombstones = new ArrayList<>();

        SharedSettings.Store replica() {
            return new SharedSettings.Store() {
                @Override
                public Optional<SharedSetting> read() {
                    SettingLog log = new SettingLog();
                    records.forEach(log::apply);
                    return log.get(SharedSetting.FIRST_START);
                }

                @Override
                public void write(SharedSetting setting) {
                    records.add(setting);
                }

                @Override
                public void remove(SharedSetting setting) {
                    tombstones.add(setting.key());
                }
            };
        }
    }

    private static SharedSetting firstStart(Instant at, String replica) {
        return new SharedSetting(SharedSetting.SCHEMA_VERSION, SharedSetting.FIRST_START, at, replica);
    }

    @Test
    void theFirstStartIsWrittenOnceAndLaterStartsReadIt() {
        Topic topic = new Topic();

        Instant first = SharedSettings.writeOnce(topic.replica(), firstStart(T1, "vm-1"));
        Instant restart = SharedSettings.writeOnce(topic.replica(), firstStart(T2, "vm-1"));
        Instant otherReplica = SharedSettings.writeOnce(topic.replica(), firstStart(T2, "vm-2"));

        assertThat(first).isEqualTo(T1);
        assertThat(restart).isEqualTo(T1);
        assertThat(otherReplica).isEqualTo(T1);
        assertThat(topic.records).hasSize(1);
    }

    @Test
    void twoReplicasStartingTogetherAgreeOnTheFirstRecordInTheLog() {
        Topic topic = new Topic();
        // both read the topic empty before either writes: both write, the first record in the log wins
        SharedSettings.Store a = topic.replica();
        SharedSettings.Store b = topic.replica();
        List<Instant> answers = new ArrayList<>();
        SharedSettings.Store racingB = new SharedSettings.Store() {
            private boolean first = true;

            @Override
            public Optional<SharedSetting> read() {
                if (first) {
                    first = false;
                    // b read the topic empty; a writes before b does
                    answers.add(SharedSettings.writeOnce(a, firstStart(T1, "vm-a")));
                    return Optional.empty();
                }
                return b.read();
            }

            @Override
            public void write(SharedSetting setting) {
                b.write(setting);
            }

            @Override
            public void remove(SharedSetting setting) {
                b.remove(setting);
            }
        };

        answers.add(SharedSettings.writeOnce(racingB, firstStart(T2, "vm-b")));

        assertThat(topic.records).extracting(SharedSetting::writtenBy).containsExactly("vm-a", "vm-b");
        assertThat(answers).containsExactly(T1, T1);
        assertThat(topic.tombstones).containsExactly("first-start/vm-b");
    }

    @Test
    void aLaterRecordOrATombstoneNeverReplacesTheFirst() {
        SettingLog log = new SettingLog();
        log.apply(firstStart(T1, "vm-a"));
        log.apply(firstStart(T2, "vm-b"));
        log.apply(null);

        assertThat(log.get(SharedSetting.FIRST_START))
                .map(SharedSetting::instant)
                .contains(T1);
        assertThat(log.get("other")).isEmpty();
    }
}
