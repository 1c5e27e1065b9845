package io.odpimporter.state;

import io.odpimporter.domain.SharedSetting;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state topic's records folded in log order: per setting name, the first record wins (later records of the
 * name, written by replicas that started at the same moment, are ignored). Thread-safe.
 */
final class SettingLog {

    private final Map<String, SharedSetting> first = new ConcurrentHashMap<>();

    /** Folds in the next record of the log; a tombstone ({@code null}) changes nothing. */
    void apply(SharedSetting setting) {
        if (setting != null && setting.name() != null && setting.instant() != null) {
            first.putIfAbsent(setting.name(), setting);
        }
    }

    /** @return the first record of {@code name} in log order, as far as folded */
    Optional<SharedSetting> get(String name) {
        return Optional.ofNullable(first.get(name));
    }
}
