package io.wsgate.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints JWTs for tests, bad ones included (any header, any key, no signature). Signing only:
 * the gateway verifies with vertx-auth-jwt, so these tokens are an independent implementation.
 */
public final class Jwt {

  private Jwt() {
  }

  /** Claims with {@code sub} and an {@code exp} one hour ahead. */
  public static JsonObject claims(String sub) {
    return new JsonObject().put("sub", sub).put("exp", now() + 3600);
  }

  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  public static String hs256(JsonObject claims, byte[] secret) {
    return hs256(header("HS256", null), claims, secret);
  }

  public static String hs256(String secret, JsonObject claims) {
    return hs256(claims, secret.getBytes(StandardCharsets.UTF_8));
  }

  public static String hs256(JsonObject header, JsonObject claims, byte[] secret) {
    String input = signingInput(header, claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String rs256(JsonObject claims, PrivateKey key, String kid) {
    return sign(header("RS256", kid), claims, key, "SHA256withRSA");
  }

  /** ES256 signatures are R || S (RFC 7518 §3.4), which is the JDK's P1363 format. */
  public static String es256(JsonObject claims, PrivateKey key, String kid) {
    return sign(header("ES256", kid), claims, key, "SHA256withECDSAinP1363Format");
  }

  /** An unsecured JWT (RFC 7519 §6): {@code alg: none}, empty signature part. */
  public static String none(JsonObject claims) {
    return signingInput(header("none", null), claims) + ".";
  }

  public static JsonObject header(String alg, String kid) {
    JsonObject header = new JsonObject().put("alg", alg).put("typ", "JWT");
    return kid == null ? header : header.put("kid", kid);
  }

  private static String sign(JsonObject header, JsonObject claims, PrivateKey key, String algorithm) {
    String input = signingInput(header, claims);
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String signingInput(JsonObject header, JsonObject claims) {
    return b64(header.encode().getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
