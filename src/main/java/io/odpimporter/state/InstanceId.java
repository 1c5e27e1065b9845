package io.odpimporter.state;

import io.odpimporter.config.ImporterConfig;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.UUID;

/** Names this replica in run and lock records: {@code importer.instance-id}, else host name plus a random suffix. */
@Singleton
public class InstanceId {

    private final String id;

    public InstanceId(ImporterConfig config) {
        this.id = config.instanceId()
                .orElseGet(() -> host() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "instance";
        }
    }

    public String get() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
