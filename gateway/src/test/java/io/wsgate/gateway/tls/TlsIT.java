package io.wsgate.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.interop.GatewayProcess;
import io.wsgate.gateway.testing.TestCertificate;
import io.wsgate.gateway.testing.TestCertificate.OpenSsl;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * wss:// on the fat jar, run in a JVM whose java.security allows TLS 1.0 and 1.1 (through
 * JDK_JAVA_OPTIONS): so when TLS 1.1 is refused, it is the gateway refusing, not the JDK.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsIT {

  /** The JDK's default list without TLSv1 and TLSv1.1. */
  private static final String OLD_TLS_ALLOWED =
      "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n";

  private static GatewayProcess gateway;
  private static TestCertificate certificate;
  private static Map<String, String> jvmOptions;

  @BeforeAll
  static void startGateway() throws Exception {
    Path dir = Files.createTempDirectory("wsgate-tls-it");
    certificate = TestCertificate.create(dir);
    Path security = Files.writeString(dir.resolve("old-tls.security"), OLD_TLS_ALLOWED);
    jvmOptions = Map.of("JDK_JAVA_OPTIONS", "-Djava.security.properties=" + security);
    JsonObject config = new JsonObject()
        .put("server", new JsonObject().put("tls", new JsonObject()
            .put("certPath", certificate.certPath().toString()).put("keyPath", certificate.keyPath().toString())))
        .put("routes", new JsonArray().add(new JsonObject().put("path", "/echo").put("router", "echo")));
    Path file = Files.writeString(dir.resolve("gateway.json"), config.encode());
    gateway = GatewayProcess.start("tls", List.of("--config", file.toString()), jvmOptions);
  }

  @AfterAll
  static void stopGateway() {
    if (gateway != null) {
      gateway.stop();
    }
  }

  @Test
  void theGatewayJvmWouldAllowTls11() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XshowSettings:security:tls", "-version").redirectErrorStream(true);
    builder.environment().putAll(jvmOptions);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    String protocols = output.substring(output.indexOf("Enabled Protocols:"), output.indexOf("Enabled Cipher Suites:"));
    assertTrue(protocols.contains("TLSv1.1"), () -> "the JVM options did not enable TLS 1.1: " + output);
  }

  @Test
  void tls11IsRefusedByTheGateway() throws Exception {
    OpenSsl.Result result = sClient("-tls1_1");
    assertFalse(result.output().contains("no protocols available"), result::output);
    assertTrue(result.output().contains("Cipher is (NONE)"), result::output);
    assertFalse(result.output().contains("BEGIN CERTIFICATE"), result::output);
  }

  @Test
  void tls12And13AreAccepted() throws Exception {
    for (String version : new String[] {"-tls1_2", "-tls1_3"}) {
      OpenSsl.Result result = sClient(version);
      assertTrue(result.output().contains("BEGIN CERTIFICATE") && !result.output().contains("Cipher is (NONE)"),
          () -> version + ": " + result.output());
    }
  }

  @Test
  void jdkClientEchoesOverWss() throws Exception {
    assertEquals("over tls", TlsTest.echoOver(certificate.clientContext(),
        URI.create("wss://127.0.0.1:" + gateway.port() + "/echo")));
  }

  private static OpenSsl.Result sClient(String version) throws Exception {
    return OpenSsl.run("", "s_client", "-connect", "127.0.0.1:" + gateway.port(), version,
        "-cipher", "DEFAULT:@SECLEVEL=0", "-servername", "localhost");
  }
}
