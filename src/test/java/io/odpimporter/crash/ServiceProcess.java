package io.odpimporter.crash;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package} before Failsafe
 * runs) in a process of its own, as an operator runs it: configured by environment variables and system
 * properties, killed with {@link #kill()} (SIGKILL: no shutdown hook, no flush, no commit) or stopped with
 * {@link #stop()} (SIGTERM). Its output goes to {@code target/crash-suite/<name>.log}, appended across restarts
 * (emptied at the first start).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Path JAR =
            Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

    private final String name;
    private final Map<String, String> env;
    private final Map<String, String> properties;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final List<String> jvmOptions;
    private final Path jar;
    private Process process;
    private int starts;

    /**
     * @param name       names the log file
     * @param env        environment variables (secrets go here, as in production)
     * @param properties configuration keys, passed as system properties
     */
    public ServiceProcess(String name, Map<String, String> env, Map<String, String> properties) throws IOException {
        this(name, env, properties, Path.of("target", "crash-suite"), List.of("-Xmx512m"));
    }

    /**
     * @param name       names the log file
     * @param env        environment variables (secrets go here, as in production)
     * @param properties configuration keys, passed as system properties
     * @param logFolder  where {@code <name>.log} is written
     * @param jvmOptions options of the JVM, e.g. {@code -Xmx256m}
     */
    public ServiceProcess(
            String name,
            Map<String, String> env,
            Map<String, String> properties,
            Path logFolder,
            List<String> jvmOptions)
            throws IOException {
        this(name, env, properties, logFolder, jvmOptions, JAR);
    }

    /**
     * @param jar the service's {@code quarkus-run.jar} (another build's, e.g. a base commit's for the benchmark)
     */
    public ServiceProcess(
            String name,
            Map<String, String> env,
            Map<String, String> properties,
            Path logFolder,
            List<String> jvmOptions,
            Path jar)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests with ./mvnw verify (it packages first)");
        }
        this.jar = jar.toAbsolutePath();
        this.name = name;
        this.env = env;
        this.properties = new LinkedHashMap<>(properties);
        this.port = StandaloneKafka.freePort();
        this.properties.put("quarkus.http.port", Integer.toString(port));
        this.managementPort = StandaloneKafka.freePort();
        this.properties.put("quarkus.management.port", Integer.toString(managementPort));
        // an operator, as a production deployment would configure one (reads need a viewer or operator in prod)
        this.properties.put("quarkus.security.users.embedded.users." + OPERATOR, OPERATOR_PASSWORD);
        this.properties.put("quarkus.security.users.embedded.roles." + OPERATOR, "operator");
        this.jvmOptions = List.copyOf(jvmOptions);
        this.log = logFolder.resolve(name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        // a child process outlives the JVM unless told otherwise
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (process != null) {
                process.destroyForcibly();
            }
        }));
    }

    /** Starts the process and waits until it is ready ({@code /q/health/ready} answers 200). */
    public ServiceProcess start() throws IOException {
        starts++;
        Files.writeString(
                log,
                "\n===== start " + starts + " of " + name + " =====\n",
                StandardOpenOption.CREATE,
                starts == 1 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        await(name + " ready")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(this::ready);
        return this;
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook runs, nothing is flushed or committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the graceful shutdown path. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** @return the process id of the running (or last) process */
    public long pid() {
        return process.pid();
    }

    /** @return the HTTP port of the API and the webhook */
    public int port() {
        return port;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** @return a REST Assured request aimed at this process */
    public RequestSpecification api() {
        return RestAssured.given()
                .baseUri("http://localhost:" + port)
                .auth()
                .preemptive()
                .basic(OPERATOR, OPERATOR_PASSWORD);
    }

    /** @return a REST Assured request aimed at this process's management interface (health, metrics) */
    public RequestSpecification management() {
        return RestAssured.given().baseUri("http://localhost:" + managementPort);
    }

    static final String OPERATOR = "crash-operator";
    static final String OPERATOR_PASSWORD = "crash-operator-password";

    /** @return this process's output so far */
    public String output() throws IOException {
        return Files.readString(log);
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ": see " + log);
        }
        try {
            HttpURLConnection c =
                    (HttpURLConnection) URI.create("http://localhost:" + managementPort + "/q/health/ready")
                            .toURL()
                            .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            stop();
        }
    }
}
