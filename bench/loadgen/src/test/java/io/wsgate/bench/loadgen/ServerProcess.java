package io.wsgate.bench.loadgen;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark server (the gateway or a peer) run from its fat jar as a separate process, as
 * bench/run.sh runs it; output goes to {@code target/bench-smoke-logs/}. Ready once a WebSocket
 * handshake on {@code readyPath} succeeds (the loadgen's own {@code wait} command).
 */
final class ServerProcess implements AutoCloseable {

  private static final long READY_TIMEOUT_S = 30;
  private static final long STOP_TIMEOUT_S = 15;
  /** Small heap: the smoke test checks correctness, not capacity. */
  private static final List<String> JVM_FLAGS = List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC");

  private final Process process;
  private final Path log;
  private final int port;

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static ServerProcess start(String name, Path jar, List<String> args, Map<String, String> env, int port,
      String readyPath) throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " not found: the smoke test runs in `mvn verify` after the jars are built");
    }
    Path logs = Path.of("target", "bench-smoke-logs");
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    ServerProcess server = new ServerProcess(builder.start(), log, port);
    int ready = Main.run(List.of("wait", "--port", Integer.toString(port), "--path", readyPath,
        "--timeout", Long.toString(READY_TIMEOUT_S)));
    if (ready != 0 || !server.process.isAlive()) {
      server.close();
      throw new IllegalStateException(name + " did not serve WebSockets within " + READY_TIMEOUT_S + " s:\n"
          + Files.readString(log));
    }
    return server;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** SIGTERM, then SIGKILL if it does not exit in time. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
