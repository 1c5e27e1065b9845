package io.odpimporter.state;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.util.Optional;
import java.util.UUID;

/** Names this replica in run and lock records: {@code importer.instance-id}, else host name plus a random suffix. */
@Singleton
public class InstanceId {

    private final String id;

    public InstanceId(@ConfigProperty(name = "importer.instance-id") Optional<String> configured) {
        this.id = configured.orElseGet(() -> host() + "-" + UUID.randomUUID().toString().substring(0, 8));
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
