package io.wsgate.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.config.ConfigException;
import io.wsgate.gateway.config.TlsSettings;
import io.wsgate.gateway.server.TlsSetup;
import io.wsgate.gateway.testing.TestCertificate;
import io.wsgate.gateway.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** server.tls files are read and checked at start-up; problems name their key. */
@ExtendWith(VertxExtension.class)
class TlsSetupTest {

  @TempDir
  Path dir;

  private static String failure(Vertx vertx, TlsSettings tls) throws Exception {
    try {
      TlsSetup.load(vertx, tls).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertInstanceOf(ConfigException.class, e.getCause());
      return e.getCause().getMessage();
    }
    throw new AssertionError("loading did not fail");
  }

  @Test
  void aGoodPairLoads(Vertx vertx) throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    assertNotNull(TlsSetup.load(vertx, new TlsSettings(certificate.certPath().toString(),
        certificate.keyPath().toString())).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
  }

  @Test
  void anRsaCertificateWithAPkcs1KeyLoads(Vertx vertx) throws Exception {
    Path cert = dir.resolve("rsa-cert.pem");
    Path key = dir.resolve("rsa-key.pem");
    TestCertificate.OpenSsl.Result made = TestCertificate.OpenSsl.run(null, "req", "-x509", "-newkey", "rsa:2048",
        "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString());
    assertTrue(made.exitCode() == 0, made::output);
    TestCertificate.OpenSsl.Result pkcs1 = TestCertificate.OpenSsl.run(null, "rsa", "-in", key.toString(), "-traditional",
        "-out", key.toString());
    assertTrue(pkcs1.exitCode() == 0, pkcs1::output);
    assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    assertNotNull(TlsSetup.load(vertx, new TlsSettings(cert.toString(), key.toString()))
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused(Vertx vertx) throws Exception {
    TestCertificate one = TestCertificate.create(Files.createDirectory(dir.resolve("one")));
    TestCertificate other = TestCertificate.create(Files.createDirectory(dir.resolve("other")));
    String message = failure(vertx, new TlsSettings(one.certPath().toString(), other.keyPath().toString()));
    assertTrue(message.startsWith("server.tls: cannot use certificate") && message.endsWith("the key does not belong to the certificate"),
        message);
  }

  @Test
  void missingFilesNameTheirKey(Vertx vertx) throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    String message = failure(vertx, new TlsSettings(dir.resolve("nope.pem").toString(), certificate.keyPath().toString()));
    assertTrue(message.startsWith("server.tls.certPath: cannot read " + dir.resolve("nope.pem")), message);
    message = failure(vertx, new TlsSettings(certificate.certPath().toString(), dir.resolve("nokey.pem").toString()));
    assertTrue(message.startsWith("server.tls.keyPath: cannot read"), message);
  }

  @Test
  void swappedOrWrongFilesAreRefused(Vertx vertx) throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    String message = failure(vertx, new TlsSettings(certificate.keyPath().toString(), certificate.certPath().toString()));
    assertTrue(message.startsWith("server.tls.certPath: " + certificate.keyPath() + " is not a PEM file with -----BEGIN CERTIFICATE-----"),
        message);
    Path garbage = Files.writeString(dir.resolve("bad-key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    message = failure(vertx, new TlsSettings(certificate.certPath().toString(), garbage.toString()));
    assertTrue(message.startsWith("server.tls: cannot use certificate"), message);
    Path publicKey = Files.writeString(dir.resolve("public.pem"), TestKeys.publicPem(TestKeys.p256()));
    message = failure(vertx, new TlsSettings(certificate.certPath().toString(), publicKey.toString()));
    assertTrue(message.startsWith("server.tls.keyPath: " + publicKey + " is not a PEM file"), message);
  }
}
