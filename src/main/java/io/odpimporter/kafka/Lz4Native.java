package io.odpimporter.kafka;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import net.jpountz.lz4.LZ4Factory;
import org.jboss.logging.Logger;

/**
 * Lets the Kafka clients compress and decompress LZ4 record batches (the producer's {@code compression.type}) with
 * lz4-java's native library instead of its pure-Java code.
 *
 * <p>Kafka asks {@code LZ4Factory.fastestInstance()}, which tries the native library only once it is loaded or when
 * lz4-java was loaded by the system class loader; in a Quarkus application it is loaded by Quarkus's class loader,
 * so without this the clients use the pure-Java code (the busiest Kafka code in the benchmark's profile). Loading
 * the library once at start-up, before any Kafka client, makes {@code fastestInstance()} answer the native one.
 * Where the library cannot be loaded (an unsupported platform, a native image) the clients keep the pure-Java code,
 * which writes the same bytes.
 */
@ApplicationScoped
public class Lz4Native {

    private static final Logger LOG = Logger.getLogger(Lz4Native.class);

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        load();
    }

    /** Loads lz4-java's native library (Kafka then uses it), or logs why it could not; never throws. */
    private static void load() {
        try {
            LZ4Factory.nativeInstance();
            LOG.debugf("LZ4 for Kafka record batches: lz4-java's native library (%s)", LZ4Factory.fastestInstance());
        } catch (Throwable e) {
            LOG.infof(
                    "LZ4 for Kafka record batches: pure Java (lz4-java's native library could not be loaded: %s)",
                    e.toString());
        }
    }
}
