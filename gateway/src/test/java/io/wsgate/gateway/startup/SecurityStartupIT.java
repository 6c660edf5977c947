package io.wsgate.gateway.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Auth and TLS settings that cannot work stop the fat jar with exit 2 and the key at fault. */
class SecurityStartupIT {

  private record Run(int exitCode, String output) {
  }

  private static Run run(Path config) throws Exception {
    String jar = System.getProperty("wsgate.jar", "target/wsgate.jar");
    ProcessBuilder builder = new ProcessBuilder(List.of("java", "-Xmx256m", "-jar", jar, "--config", config.toString()))
        .redirectErrorStream(true);
    builder.environment().put("WSGATE_HOST", "127.0.0.1");
    builder.environment().put("WSGATE_PORT", "0");
    builder.environment().put("WSGATE_MANAGEMENT_PORT", "0");
    Process process = builder.start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("gateway did not exit: " + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static void assertBadConfig(Path dir, String yaml, String expected) throws Exception {
    Run run = run(Files.writeString(dir.resolve("gateway.yaml"), yaml));
    assertEquals(2, run.exitCode(), run.output());
    assertTrue(run.output().contains("bad configuration: " + expected), run.output());
  }

  @Test
  void routeRequiringAuthWithoutKeys(@TempDir Path dir) throws Exception {
    assertBadConfig(dir, "routes:\n  - path: /rooms\n    router: rooms\n    auth: required\n",
        "routes[0].auth: is required but no key is configured");
  }

  @Test
  void unreadableKeyFile(@TempDir Path dir) throws Exception {
    assertBadConfig(dir, "auth:\n  keys:\n    - algorithm: RS256\n      publicKeyPath: " + dir.resolve("none.pem")
        + "\nroutes:\n  - path: /rooms\n    router: rooms\n    auth: required\n",
        "auth.keys[0].publicKeyPath: cannot read " + dir.resolve("none.pem"));
  }

  @Test
  void shortSecret(@TempDir Path dir) throws Exception {
    assertBadConfig(dir, "auth:\n  keys:\n    - algorithm: HS256\n      secret: too-short\n"
        + "routes:\n  - path: /echo\n    router: echo\n", "auth.keys[0].secret: an HS256 secret must be at least 32 bytes");
  }

  @Test
  void missingCertificate(@TempDir Path dir) throws Exception {
    assertBadConfig(dir, "server:\n  tls:\n    certPath: " + dir.resolve("cert.pem") + "\n    keyPath: "
        + dir.resolve("key.pem") + "\nroutes:\n  - path: /echo\n    router: echo\n",
        "server.tls.certPath: cannot read " + dir.resolve("cert.pem"));
  }
}
