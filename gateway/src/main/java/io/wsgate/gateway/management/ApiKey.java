package io.wsgate.gateway.management;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Checks the key a client sends as {@code Authorization: Bearer KEY} or {@code X-API-Key: KEY}.
 * Both sides are hashed first so the comparison takes the same time whatever the length or
 * content of the guess ({@link MessageDigest#isEqual} alone leaks length differences).
 */
final class ApiKey {

  private static final String BEARER = "bearer ";

  private final byte[] expected;

  ApiKey(String key) {
    this.expected = sha256(key);
  }

  boolean accepts(HttpServerRequest request) {
    String given = presented(request);
    // Hash even when nothing was sent: no timing difference between "missing" and "wrong".
    byte[] actual = sha256(given == null ? "" : given);
    return MessageDigest.isEqual(expected, actual) && given != null;
  }

  /** The Bearer token if there is one, else X-API-Key, else null. */
  private static String presented(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.length() > BEARER.length()
        && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return authorization.substring(BEARER.length()).trim();
    }
    return request.getHeader("X-API-Key");
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
