package io.wsgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code auth.*}, {@code routes[].auth} and {@code server.tls.*}: typed, strict, errors name the key. */
class AuthConfigTest {

  private static JsonObject withAuth(JsonObject auth, String routeAuth) {
    JsonObject route = new JsonObject().put("path", "/r").put("router", "echo");
    if (routeAuth != null) {
      route.put("auth", routeAuth);
    }
    JsonObject json = new JsonObject().put("routes", new JsonArray().add(route));
    return auth == null ? json : json.put("auth", auth);
  }

  private static JsonObject hsKey() {
    return new JsonObject().put("algorithm", "HS256").put("secret", "x".repeat(32));
  }

  @Test
  void routesHaveAuthOffByDefaultAndNeedNoKeys() {
    GatewayConfig config = GatewayConfig.parse(withAuth(null, null));
    assertEquals(AuthMode.OFF, config.routes().get(0).auth());
    assertTrue(!config.auth().hasKeys());
    assertNull(config.server().tls());
  }

  @Test
  void defaultsOfTheAuthSection() {
    AuthSettings auth = GatewayConfig.parse(withAuth(new JsonObject().put("keys", new JsonArray().add(hsKey())),
        "required")).auth();
    assertEquals(30, auth.clockSkewSeconds());
    assertEquals(List.of(TokenSource.HEADER, TokenSource.QUERY, TokenSource.COOKIE), auth.tokenSources());
    assertEquals("wsgate_token", auth.cookieName());
    assertEquals(List.of(), auth.audience());
    assertNull(auth.issuer());
    KeySpec key = auth.keys().get(0);
    assertEquals("auth.keys[0]", key.key());
    assertEquals("auth.keys[0].secret", key.sourceKey());
  }

  @Test
  void everyKeyIsRead() {
    JsonObject auth = new JsonObject()
        .put("keys", new JsonArray()
            .add(new JsonObject().put("algorithm", "RS256").put("id", "k1").put("publicKeyPath", "/etc/rs.pem"))
            .add(new JsonObject().put("algorithm", "ES256").put("publicKey", "-----BEGIN PUBLIC KEY-----")))
        .put("jwksPath", "/etc/jwks.json").put("issuer", "https://issuer.example").put("audience", "wsgate")
        .put("clockSkewSeconds", 5).put("tokenSources", new JsonArray().add("cookie").add("header"))
        .put("cookieName", "session");
    JsonObject json = withAuth(auth, "optional");
    json.put("server", new JsonObject().put("tls", new JsonObject().put("certPath", "c.pem").put("keyPath", "k.pem")));
    GatewayConfig config = GatewayConfig.parse(json);
    AuthSettings settings = config.auth();
    assertEquals(AuthMode.OPTIONAL, config.routes().get(0).auth());
    assertEquals("k1", settings.keys().get(0).id());
    assertEquals("/etc/rs.pem", settings.keys().get(0).path());
    assertEquals("auth.keys[1].publicKey", settings.keys().get(1).sourceKey());
    assertEquals("/etc/jwks.json", settings.jwksPath());
    assertEquals("https://issuer.example", settings.issuer());
    assertEquals(List.of("wsgate"), settings.audience());
    assertEquals(5, settings.clockSkewSeconds());
    assertEquals(List.of(TokenSource.COOKIE, TokenSource.HEADER), settings.tokenSources());
    assertEquals("session", settings.cookieName());
    assertEquals(new TlsSettings("c.pem", "k.pem"), config.server().tls());
  }

  @Test
  void aJwksFileAloneIsEnoughForAuth() {
    GatewayConfig config = GatewayConfig.parse(withAuth(new JsonObject().put("jwksPath", "/j.json"), "required"));
    assertEquals(AuthMode.REQUIRED, config.routes().get(0).auth());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "route requires auth, no keys  | {}                                                                    | required | routes[0].auth: is required but no key is configured",
      "optional auth, no auth section| null                                                                  | optional | routes[0].auth: is optional but no key is configured",
      "unknown route auth mode       | {\"jwksPath\":\"/j\"}                                                  | maybe    | routes[0].auth: must be required, optional or off",
      "unknown auth key              | {\"jwksPath\":\"/j\",\"skew\":1}                                       | off      | auth.skew: unknown key",
      "auth not an object            | \"yes\"                                                                | off      | auth: must be an object",
      "unsupported algorithm         | {\"keys\":[{\"algorithm\":\"RS512\",\"publicKey\":\"x\"}]}             | off      | auth.keys[0].algorithm: must be one of HS256, RS256, ES256",
      "alg none                      | {\"keys\":[{\"algorithm\":\"none\",\"secret\":\"x\"}]}                 | off      | auth.keys[0].algorithm: must be one of",
      "missing algorithm             | {\"keys\":[{\"secret\":\"x\"}]}                                        | off      | auth.keys[0].algorithm: is required",
      "secret and secretPath         | {\"keys\":[{\"algorithm\":\"HS256\",\"secret\":\"x\",\"secretPath\":\"/s\"}]} | off | auth.keys[0].secret: give exactly one of secret and secretPath",
      "no material                   | {\"keys\":[{\"algorithm\":\"RS256\"}]}                                 | off      | auth.keys[0].publicKey: give exactly one of publicKey and publicKeyPath",
      "public key for HS256          | {\"keys\":[{\"algorithm\":\"HS256\",\"publicKey\":\"x\"}]}             | off      | auth.keys[0].publicKey: does not apply to HS256",
      "secret for ES256              | {\"keys\":[{\"algorithm\":\"ES256\",\"secretPath\":\"/s\"}]}            | off      | auth.keys[0].secretPath: does not apply to ES256",
      "typo in a key entry           | {\"keys\":[{\"algorithm\":\"HS256\",\"secrett\":\"x\"}]}               | off      | auth.keys[0].secrett: unknown key",
      "skew too large                | {\"jwksPath\":\"/j\",\"clockSkewSeconds\":3600}                        | off      | auth.clockSkewSeconds: must be between 0 and 600",
      "unknown token source          | {\"jwksPath\":\"/j\",\"tokenSources\":[\"header\",\"body\"]}           | off      | auth.tokenSources[1]: must be header, query or cookie",
      "token source twice            | {\"jwksPath\":\"/j\",\"tokenSources\":[\"query\",\"query\"]}            | off      | auth.tokenSources[1]: \"query\" listed twice",
      "no token source               | {\"jwksPath\":\"/j\",\"tokenSources\":[]}                              | off      | auth.tokenSources: must name at least one",
      "bad cookie name               | {\"jwksPath\":\"/j\",\"cookieName\":\"a b\"}                           | off      | auth.cookieName: must be a cookie name",
      "audience not strings          | {\"jwksPath\":\"/j\",\"audience\":[1]}                                 | off      | auth.audience[0]: must be a non-empty string",
  })
  void badAuthSettingsNameTheirKey(String label, String auth, String routeAuth, String expected) {
    JsonObject json = withAuth(null, routeAuth);
    if (!auth.equals("null")) {
      json.put("auth", new JsonObject("{\"a\":" + auth + "}").getValue("a"));
    }
    ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.parse(json));
    assertTrue(e.getMessage().startsWith(expected), () -> label + ": " + e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no key path    | {\"certPath\":\"c.pem\"}                           | server.tls.keyPath: is required",
      "no cert path   | {\"keyPath\":\"k.pem\"}                            | server.tls.certPath: is required",
      "unknown key    | {\"certPath\":\"c\",\"keyPath\":\"k\",\"protocols\":[]} | server.tls.protocols: unknown key",
      "not an object  | true                                               | server.tls: must be an object",
  })
  void badTlsSettingsNameTheirKey(String label, String tls, String expected) {
    JsonObject json = withAuth(null, null);
    json.put("server", new JsonObject("{\"tls\":" + tls + "}"));
    ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.parse(json));
    assertTrue(e.getMessage().startsWith(expected), () -> label + ": " + e.getMessage());
  }
}
