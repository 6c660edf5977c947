package io.wsgate.gateway.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's {@code haproxy}, installed by .ci/run) in the foreground on a free
 * loopback port, with a configuration the test writes. Never started as a system service.
 */
public final class HaproxyProcess implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 10_000;

  private final Process process;
  private final int port;
  private final Path log;

  private HaproxyProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Checks the configuration with {@code haproxy -c}, starts it and waits until it accepts
   * connections on {@code port}.
   */
  public static HaproxyProcess start(String name, String config, int port) throws IOException, InterruptedException {
    Path dir = GatewayProcess.moduleDir().resolve("target").resolve("interop-logs");
    Files.createDirectories(dir);
    Path file = dir.resolve("haproxy-" + name + ".cfg");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    Path log = dir.resolve("haproxy-" + name + ".log");
    Process check = new ProcessBuilder(binary(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
    String checkOutput = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!check.waitFor(10, TimeUnit.SECONDS) || check.exitValue() != 0) {
      throw new AssertionError("haproxy -c refused " + file + ":\n" + checkOutput);
    }
    Process process = new ProcessBuilder(binary(), "-db", "-f", file.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HaproxyProcess haproxy = new HaproxyProcess(process, port, log);
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("haproxy exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return haproxy;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    haproxy.close();
    throw new AssertionError("haproxy did not listen on " + port + " within " + START_TIMEOUT_MS + " ms");
  }

  /** {@code /usr/sbin/haproxy}: a test that needs it fails when it is missing, never skips. */
  static String binary() {
    for (String candidate : List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError("haproxy is not installed: run .ci/run, or apt-get install haproxy");
  }

  /** One free loopback port. */
  public static int freePort() {
    return GatewayProcess.freePorts(1)[0];
  }

  public int port() {
    return port;
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Lines of a backend for {@code servers}: health-checked on their management port. */
  public static List<String> servers(List<GatewayProcess> gateways) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < gateways.size(); i++) {
      GatewayProcess gateway = gateways.get(i);
      lines.add("  server node" + (i + 1) + " 127.0.0.1:" + gateway.port() + " check port " + gateway.managementPort());
    }
    return lines;
  }
}
