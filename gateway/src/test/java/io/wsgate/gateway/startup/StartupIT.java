package io.wsgate.gateway.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar refuses bad start-up input with a message naming the problem and a non-zero exit. */
class StartupIT {

  private record Run(int exitCode, String output) {
  }

  private static Run run(Map<String, String> env, String... args) throws Exception {
    String jar = System.getProperty("wsgate.jar", "target/wsgate.jar");
    List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", jar));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("WSGATE_HOST", "127.0.0.1");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("gateway did not exit: " + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void unknownConfigKeyExitsWithTwoNamingTheKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "limits:\n  maxFrameSzie: 10\nroutes:\n  - path: /echo\n    router: echo\n");
    Run run = run(Map.of(), "--config", file.toString());
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("bad configuration: limits.maxFrameSzie: unknown key"), run.output());
  }

  @Test
  void unknownRouterExitsWithTwoNamingTheRoute(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "routes:\n  - path: /x\n    router: nosuchrouter\n");
    Run run = run(Map.of("WSGATE_PORT", "0", "WSGATE_MANAGEMENT_PORT", "0"), "--config", file.toString());
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("routes[0].router: unknown router \"nosuchrouter\""), run.output());
  }

  @Test
  void badEnvironmentPortExitsWithTwoNamingTheVariable() throws Exception {
    Run run = run(Map.of("WSGATE_PORT", "eighty"));
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("WSGATE_PORT: must be a whole number"), run.output());
  }

  @Test
  void missingConfigFileExitsWithTwo(@TempDir Path dir) throws Exception {
    Run run = run(Map.of(), "--config", dir.resolve("missing.yaml").toString());
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("no such file"), run.output());
  }

  @Test
  void unknownArgumentExitsWithTwoAndUsage() throws Exception {
    Run run = run(Map.of(), "--bogus");
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("unknown argument \"--bogus\""), run.output());
    assertTrue(run.output().contains("usage: java -jar wsgate.jar"), run.output());
  }

  @Test
  void portInUseExitsWithOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      Run run = run(Map.of("WSGATE_PORT", Integer.toString(taken.getLocalPort()),
          "WSGATE_MANAGEMENT_PORT", Integer.toString(freePort())));
      assertEquals(1, run.exitCode(), run.output());
      assertTrue(run.output().contains("start-up failed"), run.output());
    }
  }
}
