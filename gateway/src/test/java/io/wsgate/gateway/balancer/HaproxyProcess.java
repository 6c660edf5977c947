package io.wsgate.gateway.balancer;

import io.wsgate.gateway.interop.GatewayProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HAProxy (Debian's {@code haproxy}, never the system service) in the foreground
 * ({@code -db}) with a configuration made from the shipped {@code conf/haproxy/haproxy.cfg}: the
 * frontend moved to a free loopback port, the example servers replaced by the test's gateways,
 * and optionally the commented PROXY protocol line switched on. Output goes to
 * {@code target/interop-logs/}.
 */
public final class HaproxyProcess implements AutoCloseable {

  /** One gateway as a server line: {@code server NAME 127.0.0.1:PORT check port MANAGEMENT}. */
  public record Server(String name, int port, int managementPort) {
  }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final String SHIPPED_BIND = "bind 127.0.0.1:8000";
  private static final String SHIPPED_PROXY_LINE = "    # default-server send-proxy-v2";
  private static final Pattern SERVER_LINE = Pattern.compile("(?m)^    server gw\\d .*\\n");
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final Process process;
  private final Path log;
  private final int port;

  private HaproxyProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static Path shippedConfig() {
    return moduleDir().getParent().resolve("conf").resolve("haproxy").resolve("haproxy.cfg");
  }

  /** Debian installs it in /usr/sbin, which is not on every user's PATH. */
  static String binary() {
    return Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
  }

  /**
   * The shipped configuration for these servers on {@code frontendPort}.
   *
   * @param proxyOption {@code send-proxy}, {@code send-proxy-v2}, or null to leave the PROXY line commented
   */
  static String configFor(int frontendPort, List<Server> servers, String proxyOption) throws IOException {
    String config = Files.readString(shippedConfig(), StandardCharsets.UTF_8);
    config = replaceOnce(config, SHIPPED_BIND, "bind 127.0.0.1:" + frontendPort);
    if (proxyOption != null) {
      config = replaceOnce(config, SHIPPED_PROXY_LINE, "    default-server " + proxyOption);
    }
    Matcher lines = SERVER_LINE.matcher(config);
    if (!lines.find()) {
      throw new IllegalStateException("no example server lines in " + shippedConfig());
    }
    StringBuilder out = new StringBuilder(lines.replaceAll(""));
    for (Server server : servers) {
      out.append("    server ").append(server.name()).append(" 127.0.0.1:").append(server.port())
          .append(" check port ").append(server.managementPort()).append('\n');
    }
    return out.toString();
  }

  /** {@code haproxy -c -f FILE}: exit code and output. */
  static String check(Path config) throws IOException, InterruptedException {
    Process check = new ProcessBuilder(binary(), "-c", "-f", config.toString()).redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
      throw new AssertionError("haproxy -c -f " + config + " failed:\n" + output);
    }
    return output;
  }

  /** Checks the configuration, starts HAProxy with it and waits until its frontend accepts connections. */
  public static HaproxyProcess start(String name, List<Server> servers, String proxyOption) throws Exception {
    return start(name, servers, proxyOption, freePort());
  }

  /** Like {@link #start(String, List, String)}, on a frontend port chosen by the caller. */
  public static HaproxyProcess start(String name, List<Server> servers, String proxyOption, int port)
      throws Exception {
    Path dir = moduleDir().resolve("target").resolve("interop-logs");
    Files.createDirectories(dir);
    String stem = "haproxy-" + name + "-" + COUNTER.incrementAndGet();
    Path config = dir.resolve(stem + ".cfg");
    Files.writeString(config, configFor(port, servers, proxyOption), StandardCharsets.UTF_8);
    check(config);
    Path log = dir.resolve(stem + ".log");
    Process process = new ProcessBuilder(binary(), "-db", "-f", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    HaproxyProcess haproxy = new HaproxyProcess(process, log, port);
    try {
      haproxy.awaitListening();
    } catch (RuntimeException | Error e) {
      haproxy.close();
      throw e;
    }
    return haproxy;
  }

  public int port() {
    return port;
  }

  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<cannot read " + log + ": " + e + ">";
    }
  }

  /** Waits until HAProxy's output contains {@code text}; false after {@code timeout}. */
  boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().contains(text)) {
        return true;
      }
      Thread.sleep(50);
    }
    return output().contains(text);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return "haproxy[pid=" + process.pid() + ", port=" + port + ", log=" + log + "]";
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("haproxy exited with " + process.exitValue() + ":\n" + output());
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        sleep();
      }
    }
    throw new AssertionError("haproxy did not listen on " + port + " within " + START_TIMEOUT + ":\n" + output());
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String replaceOnce(String text, String from, String to) {
    int at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) {
      throw new IllegalStateException("\"" + from + "\" is not exactly once in " + shippedConfig());
    }
    return text.substring(0, at) + to + text.substring(at + from.length());
  }

  /** The servers {@code gw1}, {@code gw2}, ... for these gateways, health-checked on their management ports. */
  public static List<Server> serversFor(List<GatewayProcess> gateways) {
    List<Server> servers = new java.util.ArrayList<>();
    for (int i = 0; i < gateways.size(); i++) {
      servers.add(new Server("gw" + (i + 1), gateways.get(i).port(), gateways.get(i).managementPort()));
    }
    return servers;
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static Path moduleDir() {
    return Path.of(System.getProperty("user.dir")).toAbsolutePath();
  }
}
