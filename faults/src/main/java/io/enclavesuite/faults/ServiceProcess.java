package io.enclavesuite.faults;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * One service as a JVM of its own: {@code java -cp <this JVM's classpath> <main> --property=value ...}, its output in a
 * log file, its actuator on a loopback port of its own. {@link #kill()} is {@code kill -9}: on Linux
 * {@link Process#destroyForcibly()} sends SIGKILL, which the exit status 137 (128 + 9) proves, so the service gets no
 * chance to release a claim, commit or flush anything. {@link #plain} runs a main that is no Spring service (Kafka's
 * broker) the same way, without an actuator.
 */
final class ServiceProcess implements AutoCloseable {

    /** 137 = 128 + SIGKILL: the process ended by kill -9, not by a shutdown of its own. */
    static final int KILLED = 137;

    private static final int NO_ACTUATOR = -1;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String mainClass;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final int managementPort;
    private final Path logFolder;
    private final Map<String, String> environment = new HashMap<>();
    private Process process;
    private int starts;

    /**
     * @param arguments the service's {@code --property=value} arguments; the actuator's port and address and the API's
     *                  address are added here (loopback only)
     */
    ServiceProcess(String name, String mainClass, List<String> jvmOptions, List<String> arguments, Path logFolder) {
        this(name, mainClass, jvmOptions, arguments, freePort(), logFolder);
    }

    private ServiceProcess(String name, String mainClass, List<String> jvmOptions, List<String> arguments,
                           int managementPort, Path logFolder) {
        this.name = name;
        this.mainClass = mainClass;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.managementPort = managementPort;
        List<String> all = new ArrayList<>(arguments);
        if (managementPort != NO_ACTUATOR) {
            all.add("--server.address=127.0.0.1");
            all.add("--management.server.address=127.0.0.1");
            all.add("--management.server.port=" + managementPort);
        }
        this.arguments = List.copyOf(all);
        this.logFolder = logFolder;
    }

    /**
     * A JVM whose main is no Spring service: it gets {@code arguments} as they are and has no actuator, so it is
     * ready when {@link #awaitReady(Duration, Callable) a check of its own} says so.
     */
    static ServiceProcess plain(String name, String mainClass, List<String> jvmOptions, List<String> arguments,
                                Path logFolder) {
        return new ServiceProcess(name, mainClass, jvmOptions, arguments, NO_ACTUATOR, logFolder);
    }

    String name() {
        return name;
    }

    /**
     * An environment variable for every start: for a secret, which the command line would show to every user of the
     * machine ({@code ps}).
     */
    synchronized ServiceProcess environment(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    /** Starts the JVM (again, after {@link #kill()}); its output goes to {@code <logFolder>/<name>-<n>.log}. */
    synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " runs already");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(arguments);
        try {
            Files.createDirectories(logFolder);
            Path log = logFolder.resolve(name + "-" + (++starts) + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Waits until the service's readiness group answers UP (the intake, database, Kafka and Kubernetes ready). */
    ServiceProcess awaitReady(Duration atMost) {
        return awaitReady(atMost, () -> readiness().filter(status -> status.equals("UP")).isPresent());
    }

    /** Waits until {@code ready} answers true; fails at once if the JVM exited meanwhile. */
    ServiceProcess awaitReady(Duration atMost, Callable<Boolean> ready) {
        Awaitility.await(name + " ready").atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!alive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready;"
                        + " see its log in " + logFolder);
            }
            return ready.call();
        });
        return this;
    }

    /**
     * What the readiness group answers: {@code UP}, {@code DOWN} (or another status), or empty when the actuator does
     * not answer at all.
     */
    Optional<String> readiness() {
        HttpRequest request = HttpRequest.newBuilder(actuator("health/readiness")).timeout(Duration.ofSeconds(5)).GET()
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher status = java.util.regex.Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"")
                    .matcher(response.body());
            return Optional.of(status.find() ? status.group(1) : "HTTP " + response.statusCode());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The sum of a Prometheus metric's series as the actuator shows them now (0 when it has none). */
    double metric(String name) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(actuator("prometheus")).timeout(Duration.ofSeconds(10)).GET()
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(name + "'s metrics answered HTTP " + response.statusCode());
        }
        return response.body().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private URI actuator(String endpoint) {
        if (managementPort == NO_ACTUATOR) {
            throw new IllegalStateException(name + " has no actuator");
        }
        return URI.create("http://127.0.0.1:" + managementPort + "/actuator/" + endpoint);
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process.pid();
    }

    /** kill -9, and the proof that it was one: the exit status 137. */
    synchronized void kill() {
        if (process == null) {
            throw new IllegalStateException(name + " never started");
        }
        process.destroyForcibly();
        int status = waitFor(process);
        if (status != KILLED) {
            throw new IllegalStateException(name + " ended with " + status + ", not " + KILLED + " (SIGKILL)");
        }
    }

    /**
     * A graceful stop (SIGTERM), then SIGKILL if it takes longer than {@code atMost}; returns the exit status (the one
     * it ended with before when it did not run, 0 when it never started).
     */
    synchronized int stop(Duration atMost) {
        if (process == null) {
            return 0;
        }
        if (process.isAlive() && !terminate(atMost)) {
            throw new IllegalStateException("interrupted waiting for " + name + " to stop");
        }
        return process.exitValue();
    }

    /** A graceful stop (SIGTERM), then SIGKILL if it takes longer than 30 s: no child JVM outlives the harness. */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            terminate(Duration.ofSeconds(30));
        }
    }

    /** SIGTERM, then SIGKILL after {@code atMost}; false when interrupted meanwhile (then SIGKILL at once). */
    private boolean terminate(Duration atMost) {
        process.destroy();
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    /** Right away, for a shutdown hook: SIGKILL, no wait for a graceful stop. */
    synchronized void destroyNow() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + process.pid() + " still runs 30 s after SIGKILL");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for process " + process.pid(), e);
        }
    }

    /**
     * A port free on loopback now; the service binds it a moment later. Another process taking it in between makes
     * that start fail (its log says so), never a wrong count.
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
