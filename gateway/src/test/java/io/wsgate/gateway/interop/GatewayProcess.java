package io.wsgate.gateway.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the wsgate fat jar ({@code java -Xmx512m -jar wsgate.jar}) as a separate OS process on
 * two free loopback ports, for integration tests.
 *
 * <p>The jar is taken from the system property {@code wsgate.jar} (set by maven-failsafe).
 * stdout and stderr of the gateway go to a log file under {@code target/interop-logs/}.
 * {@link #start(String)} returns once {@code GET /health/ready} on the management port answers 200.
 */
public final class GatewayProcess implements AutoCloseable {

    public static final String JAR_PROPERTY = "wsgate.jar";

    // Generous: a cluster node joins Hazelcast first, and CI runs on two loaded cores.
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration READY_POLL = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int LOG_TAIL_LINES = 80;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Process process;
    private final Path logFile;
    private final int port;
    private final int managementPort;
    private final Thread killOnExit;
    private volatile boolean stopped;
    private volatile boolean forciblyKilled;

    private GatewayProcess(Process process, Path logFile, int port, int managementPort) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
        this.managementPort = managementPort;
        // Never leave a gateway behind if the test JVM goes away without calling stop().
        this.killOnExit = new Thread(process::destroyForcibly, "wsgate-process-reaper");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts the gateway with default configuration; {@code name} is used for the log file name. */
    public static GatewayProcess start(String name) {
        return start(name, List.of(), Map.of());
    }

    /**
     * Starts the gateway and waits until it is ready.
     *
     * @param name      short label for the log file name
     * @param extraArgs arguments after {@code -jar wsgate.jar} (e.g. {@code --config PATH})
     * @param extraEnv  additional environment variables (applied after the host/port variables)
     */
    public static GatewayProcess start(String name, List<String> extraArgs, Map<String, String> extraEnv) {
        return start(name, List.of(), extraArgs, extraEnv);
    }

    /**
     * Like {@link #start(String, List, Map)} with more jars on the classpath (routers that are not
     * bundled): runs {@code java -cp wsgate.jar:EXTRA... io.wsgate.gateway.Main}, the documented
     * way to plug in a router without rebuilding the gateway.
     */
    public static GatewayProcess start(String name, List<Path> extraJars, List<String> extraArgs,
            Map<String, String> extraEnv) {
        return start(name, extraJars, extraArgs, extraEnv, freePorts(2));
    }

    /**
     * Like {@link #start(String, List, List, Map)} on the given WebSocket and management ports
     * ({@code ports[0]}, {@code ports[1]}): for several processes started at once, whose ports
     * must all come from one {@link #freePorts} call to be distinct.
     */
    public static GatewayProcess start(String name, List<Path> extraJars, List<String> extraArgs,
            Map<String, String> extraEnv, int[] ports) {
        Path jar = jarPath();
        Path logFile = logFile(name);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        if (extraJars.isEmpty()) {
            command.add("-jar");
            command.add(jar.toString());
        } else {
            StringBuilder classpath = new StringBuilder(jar.toString());
            for (Path extra : extraJars) {
                classpath.append(java.io.File.pathSeparatorChar).append(extra.toAbsolutePath());
            }
            command.add("-cp");
            command.add(classpath.toString());
            command.add("io.wsgate.gateway.Main");
        }
        command.addAll(extraArgs);

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(moduleDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        Map<String, String> env = builder.environment();
        env.put("WSGATE_HOST", "127.0.0.1");
        env.put("WSGATE_PORT", Integer.toString(ports[0]));
        env.put("WSGATE_MANAGEMENT_PORT", Integer.toString(ports[1]));
        // No load balancer to wait for: SIGTERM closes clients at once unless a test sets a delay.
        env.put("WSGATE_DRAIN_DELAY_MS", "0");
        env.putAll(extraEnv);

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e, e);
        }
        GatewayProcess gateway = new GatewayProcess(process, logFile, ports[0], ports[1]);
        try {
            gateway.awaitReady();
        } catch (RuntimeException | Error e) {
            gateway.stop();
            throw e;
        }
        return gateway;
    }

    /** {@code ws://127.0.0.1:<port><path>} */
    public URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    /** {@code ws://127.0.0.1:<port>} (no trailing slash), the base URI the client scripts take. */
    public String wsBase() {
        return "ws://127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:<managementPort><path>} */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The gateway's exit code; fails if the process is still running. */
    public int exitCode() {
        if (process.isAlive()) {
            throw new IllegalStateException("gateway process " + process.pid() + " is still running");
        }
        return process.exitValue();
    }

    /** True if {@link #stop()} had to kill the process because SIGTERM did not end it in time. */
    public boolean wasForciblyKilled() {
        return forciblyKilled;
    }

    public Path logFile() {
        return logFile;
    }

    /** Everything the gateway has written to stdout/stderr so far. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<cannot read " + logFile + ": " + e + ">";
        }
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        String[] all = log().split("\\R");
        int from = Math.max(0, all.length - lines);
        return String.join(System.lineSeparator(), List.of(all).subList(from, all.length));
    }

    /**
     * Sends SIGTERM ({@link Process#destroy()}), waits up to 15 s for the process to exit, then
     * kills it ({@link Process#destroyForcibly()}). Idempotent.
     *
     * @return true if the process exited on SIGTERM within 15 s (false if it had to be killed)
     */
    public boolean stop() {
        if (stopped) {
            return !forciblyKilled;
        }
        stopped = true;
        try {
            process.destroy();
            boolean exited = waitFor(process, STOP_TIMEOUT);
            if (!exited) {
                forciblyKilled = true;
                process.destroyForcibly();
                waitFor(process, STOP_TIMEOUT);
            }
            return exited;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down
            }
        }
    }

    /** Sends SIGTERM and returns at once (the gateway drains meanwhile); {@link #stop()} still cleans up. */
    public void signalTerm() {
        process.destroy();
    }

    /** Waits up to {@code timeout} for the process to exit; true if it did. */
    public boolean awaitExit(Duration timeout) {
        return waitFor(process, timeout);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "GatewayProcess[pid=" + process.pid() + ", ws=" + port + ", management=" + managementPort
                + ", log=" + logFile + "]";
    }

    // ------------------------------------------------------------------ internals

    private void awaitReady() {
        URI ready = managementUri("/health/ready");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("wsgate exited with code " + process.exitValue()
                        + " before " + ready + " answered 200 (" + last + "); log " + logFile
                        + " (tail):\n" + logTail(LOG_TAIL_LINES));
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "last answer: HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = "last error: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + ready, e);
            }
            sleep(READY_POLL);
        }
        throw new AssertionError("wsgate did not become ready within " + READY_TIMEOUT.toSeconds() + " s: "
                + ready + " never answered 200 (" + last + "); log " + logFile + " (tail):\n"
                + logTail(LOG_TAIL_LINES));
    }

    private static Path jarPath() {
        String property = System.getProperty(JAR_PROPERTY);
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("system property '" + JAR_PROPERTY + "' is not set; run the"
                    + " integration tests with `mvn verify` (failsafe sets it to target/wsgate.jar)");
        }
        Path jar = Path.of(property).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("wsgate jar not found: " + jar
                    + " (built by the shade plugin in the package phase; run `mvn verify`)");
        }
        return jar;
    }

    /** Binds {@code count} sockets on port 0 at the same time (so the ports differ), then closes them. */
    public static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("cannot find free ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    public static Path moduleDir() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }

    private static Path logFile(String name) {
        Path dir = moduleDir().resolve("target").resolve("interop-logs");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return dir.resolve("wsgate-" + safe + "-" + stamp + "-" + COUNTER.incrementAndGet() + ".log");
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
