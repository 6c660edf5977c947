package io.wsgate.gateway.handshake;

import io.wsgate.gateway.protocol.WebSocketProtocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Sec-WebSocket-Accept: base64(SHA-1(key + GUID)) (RFC 6455 §4.2.2). */
public final class AcceptKey {

  private AcceptKey() {
  }

  /** @param key the Sec-WebSocket-Key value as sent (already validated, surrounding OWS removed) */
  public static String compute(String key) {
    MessageDigest sha1;
    try {
      // A fresh digest per handshake: cheap next to the TCP setup, and nothing to share between threads.
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
    byte[] digest = sha1.digest((key + WebSocketProtocol.ACCEPT_MAGIC).getBytes(StandardCharsets.US_ASCII));
    return Base64.getEncoder().encodeToString(digest);
  }
}
