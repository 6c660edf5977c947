package io.wsgate.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.config.AuthSettings;
import io.wsgate.gateway.config.ConfigException;
import io.wsgate.gateway.config.GatewayConfig;
import io.wsgate.gateway.testing.TestCertificate;
import io.wsgate.gateway.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Keys are read and checked at start-up; every bad one is a config error naming its key. */
@ExtendWith(VertxExtension.class)
class KeyLoaderTest {

  @TempDir
  Path dir;

  private static AuthSettings settings(JsonObject auth) {
    return GatewayConfig.parse(new JsonObject().put("auth", auth)
        .put("routes", new JsonArray().add(new JsonObject().put("path", "/r").put("router", "echo")))).auth();
  }

  private static AuthSettings oneKey(JsonObject key) {
    return settings(new JsonObject().put("keys", new JsonArray().add(key)));
  }

  private static AuthKeys load(Vertx vertx, AuthSettings settings) throws Exception {
    return KeyLoader.load(vertx, settings).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** The message of the ConfigException loading fails with. */
  private static String failure(Vertx vertx, AuthSettings settings) throws Exception {
    try {
      load(vertx, settings);
    } catch (ExecutionException e) {
      assertInstanceOf(ConfigException.class, e.getCause());
      return e.getCause().getMessage();
    }
    throw new AssertionError("loading did not fail");
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void noKeysNoProvider(Vertx vertx) throws Exception {
    assertNull(load(vertx, AuthSettings.none()));
  }

  @Test
  void everyKindOfKeyLoads(Vertx vertx) throws Exception {
    Path rsa = write("rsa.pem", TestKeys.publicPem(TestKeys.rsa()));
    Path secret = write("secret", TestKeys.HS256_SECRET + "\n");
    Path jwks = write("jwks.json", TestKeys.jwks(TestKeys.jwk(TestKeys.p256(), "ec-1"),
        new JsonObject().put("kty", "RSA").put("use", "enc").put("n", "AQAB").put("e", "AQAB")).encode());
    AuthKeys keys = load(vertx, settings(new JsonObject()
        .put("keys", new JsonArray()
            .add(new JsonObject().put("algorithm", "HS256").put("secretPath", secret.toString()))
            .add(new JsonObject().put("algorithm", "RS256").put("publicKeyPath", rsa.toString()))
            .add(new JsonObject().put("algorithm", "ES256").put("publicKey", TestKeys.publicPem(TestKeys.p256()))))
        .put("jwksPath", jwks.toString())));
    assertEquals(3, keys.options().getPubSecKeys().size());
    assertEquals(1, keys.options().getJwks().size(), "the encryption key is skipped");
    // The trailing newline of the secret file is not part of the secret.
    assertEquals(32, keys.options().getPubSecKeys().get(0).getBuffer().length());
  }

  @Test
  void aCertificateStandsForItsPublicKey(Vertx vertx) throws Exception {
    TestCertificate certificate = TestCertificate.create(dir);
    AuthKeys keys = load(vertx, oneKey(new JsonObject().put("algorithm", "ES256")
        .put("publicKeyPath", certificate.certPath().toString())));
    assertEquals(1, keys.options().getPubSecKeys().size());
    String message = failure(vertx, oneKey(new JsonObject().put("algorithm", "RS256")
        .put("publicKeyPath", certificate.certPath().toString())));
    assertTrue(message.contains("an RS256 key must be RSA"), message);
  }

  @Test
  void shortSecretIsRefused(Vertx vertx) throws Exception {
    assertTrue(failure(vertx, oneKey(new JsonObject().put("algorithm", "HS256").put("secret", "short")))
        .startsWith("auth.keys[0].secret: an HS256 secret must be at least 32 bytes"));
  }

  @Test
  void unreadableFileNamesTheKey(Vertx vertx) throws Exception {
    String message = failure(vertx, oneKey(new JsonObject().put("algorithm", "RS256")
        .put("publicKeyPath", dir.resolve("missing.pem").toString())));
    assertTrue(message.startsWith("auth.keys[0].publicKeyPath: cannot read " + dir.resolve("missing.pem")), message);
  }

  @Test
  void privateKeyIsRefused(Vertx vertx) throws Exception {
    String message = failure(vertx, oneKey(new JsonObject().put("algorithm", "RS256")
        .put("publicKey", TestKeys.privatePem(TestKeys.rsa()))));
    assertTrue(message.startsWith("auth.keys[0].publicKey: must be a PEM public key"), message);
  }

  @Test
  void keyOfTheWrongTypeIsRefused(Vertx vertx) throws Exception {
    String message = failure(vertx, oneKey(new JsonObject().put("algorithm", "RS256")
        .put("publicKey", TestKeys.publicPem(TestKeys.p256()))));
    assertTrue(message.startsWith("auth.keys[0].publicKey: not a usable RS256 public key"), message);
    message = failure(vertx, oneKey(new JsonObject().put("algorithm", "ES256")
        .put("publicKey", TestKeys.publicPem(TestKeys.ec("secp384r1")))));
    assertTrue(message.startsWith("auth.keys[0].publicKey: not a usable ES256 public key"), message);
  }

  @Test
  void weakRsaKeyIsRefused(Vertx vertx) throws Exception {
    String message = failure(vertx, oneKey(new JsonObject().put("algorithm", "RS256")
        .put("publicKey", TestKeys.publicPem(TestKeys.rsa(1024)))));
    assertTrue(message.contains("RSA keys need at least 2048 bits"), message);
  }

  @Test
  void badJwksFilesAreRefused(Vertx vertx) throws Exception {
    String[][] cases = {
        {"not json", "auth.jwksPath: not a JWK Set"},
        {"{\"nokeys\":[]}", "auth.jwksPath: not a JWK Set: no \"keys\" array"},
        {"{\"keys\":[]}", "auth.jwksPath: no usable signing key"},
        {"{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS512\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}", "auth.jwksPath: no usable signing key"},
        {"{\"keys\":[{\"kty\":\"EC\",\"alg\":\"RS256\"}]}", "auth.jwksPath: keys[0]: alg RS256 needs kty RSA"},
        {"{\"keys\":[{\"kty\":\"RSA\",\"n\":\"!!\",\"e\":\"AQAB\"}]}", "auth.jwksPath: keys[0]: not a usable RS256 key"},
        {"{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2hvcnQ\"}]}", "auth.jwksPath: keys[0]: an HS256 secret must be at least 32 bytes"},
    };
    for (String[] c : cases) {
      Path jwks = write("jwks.json", c[0]);
      String message = failure(vertx, settings(new JsonObject().put("jwksPath", jwks.toString())));
      assertTrue(message.startsWith(c[1]), () -> c[0] + " -> " + message);
    }
  }
}
