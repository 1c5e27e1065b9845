package io.odpimporter;

import io.quarkus.scheduler.Scheduled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's periodic passes (a {@code @Scheduled} method with {@code every} and a {@code delayed} first run:
 * reconcile, flush and recheck passes) wait until the application has started: a pass that ran while start-up
 * observers were still wiring the Kafka channels created its bean too early and logged SRMSG00019 ("Unable to
 * connect an emitter") with a stack trace on a new user's first start. Cron sweeps and heartbeats are not passes.
 */
class ScheduledPassesTest {

    @Test
    void everyPeriodicPassSkipsWhileTheApplicationIsNotRunning() throws Exception {
        List<String> passes = new ArrayList<>();
        List<String> unguarded = new ArrayList<>();
        for (Class<?> type : mainClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                Scheduled scheduled = method.getAnnotation(Scheduled.class);
                if (scheduled == null
                        || scheduled.every().isEmpty()
                        || scheduled.delayed().isEmpty()) {
                    continue;
                }
                String name = type.getSimpleName() + "." + method.getName();
                passes.add(name);
                if (scheduled.skipExecutionIf() != Scheduled.ApplicationNotRunning.class) {
                    unguarded.add(name);
                }
            }
        }
        assertThat(passes).contains("RunLogs.flushEnded", "RunRegistry.reconcile", "AfterImports.reconcile");
        assertThat(unguarded)
                .as("passes without skipExecutionIf = ApplicationNotRunning")
                .isEmpty();
    }

    private static List<Class<?>> mainClasses() throws IOException, ClassNotFoundException {
        Path root = Path.of("src/main/java");
        List<Class<?>> classes = new ArrayList<>();
        List<String> names;
        try (Stream<Path> files = Files.walk(root)) {
            names = files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"))
                    .map(f -> root.relativize(f).toString().replace(".java", "").replace('/', '.'))
                    .sorted()
                    .toList();
        }
        for (String name : names) {
            classes.add(Class.forName(name, false, ScheduledPassesTest.class.getClassLoader()));
        }
        return classes;
    }
}
