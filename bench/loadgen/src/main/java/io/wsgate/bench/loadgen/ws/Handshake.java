package io.wsgate.bench.loadgen.ws;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of the opening handshake (RFC 6455 §4.1, §4.2.2): builds the upgrade request
 * and checks the server's answer, gathered across reads. {@link #feed} returns the bytes that
 * followed the response head (frames the server sent right away), or null while incomplete.
 */
public final class Handshake {

  /** A response head larger than this is not a WebSocket server talking. */
  private static final int MAX_RESPONSE_BYTES = 16 * 1024;
  private static final String CRLF = "\r\n";
  private static final byte[] HEAD_END = (CRLF + CRLF).getBytes(StandardCharsets.US_ASCII);

  /** The handshake failed: bad status, bad headers or a wrong accept key. */
  public static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  private final String expectedAccept;
  private final Buffer request;
  private Buffer response = Buffer.buffer(256);
  private String subprotocol;

  /**
   * @param hostHeader value of Host, {@code host:port}
   * @param pathAndQuery request target, e.g. {@code /rooms?user=u1}
   * @param subprotocol offered subprotocol, or null
   */
  public Handshake(String hostHeader, String pathAndQuery, String subprotocol) {
    byte[] nonce = new byte[Rfc6455.KEY_BYTES];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    expectedAccept = acceptFor(key);
    StringBuilder head = new StringBuilder(256)
        .append("GET ").append(pathAndQuery).append(" HTTP/1.1").append(CRLF)
        .append("Host: ").append(hostHeader).append(CRLF)
        .append("Upgrade: websocket").append(CRLF)
        .append("Connection: Upgrade").append(CRLF)
        .append("Sec-WebSocket-Key: ").append(key).append(CRLF)
        .append("Sec-WebSocket-Version: ").append(Rfc6455.VERSION).append(CRLF);
    if (subprotocol != null) {
      head.append("Sec-WebSocket-Protocol: ").append(subprotocol).append(CRLF);
    }
    head.append(CRLF);
    request = Buffer.buffer(head.toString().getBytes(StandardCharsets.US_ASCII));
  }

  public Buffer request() {
    return request;
  }

  /** The subprotocol the server chose, or null; valid once {@link #feed} returned non-null. */
  public String subprotocol() {
    return subprotocol;
  }

  /** Adds response bytes; returns what follows the head once it is complete and valid. */
  public Buffer feed(Buffer bytes) {
    int searchFrom = Math.max(0, response.length() - HEAD_END.length + 1);
    response.appendBuffer(bytes);
    int end = indexOfHeadEnd(searchFrom);
    if (end < 0) {
      if (response.length() > MAX_RESPONSE_BYTES) {
        throw new Failure("no end of response head within " + MAX_RESPONSE_BYTES + " bytes");
      }
      return null;
    }
    check(response.getString(0, end, StandardCharsets.ISO_8859_1.name()));
    Buffer rest = response.slice(end + HEAD_END.length, response.length());
    response = null;
    return rest;
  }

  private int indexOfHeadEnd(int from) {
    outer:
    for (int i = from; i <= response.length() - HEAD_END.length; i++) {
      for (int j = 0; j < HEAD_END.length; j++) {
        if (response.getByte(i + j) != HEAD_END[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void check(String head) {
    String[] lines = head.split(CRLF);
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")
        || !status[1].equals(Integer.toString(Rfc6455.STATUS_SWITCHING_PROTOCOLS))) {
      throw new Failure("expected 101, got \"" + lines[0] + "\"");
    }
    String upgrade = null;
    String connection = null;
    String accept = null;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new Failure("malformed header line \"" + lines[i] + "\"");
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      switch (name) {
        case "upgrade" -> upgrade = value;
        case "connection" -> connection = value;
        case "sec-websocket-accept" -> accept = value;
        case "sec-websocket-protocol" -> subprotocol = value;
        default -> { }
      }
    }
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      throw new Failure("Upgrade header is " + upgrade);
    }
    if (connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
      throw new Failure("Connection header is " + connection);
    }
    if (!expectedAccept.equals(accept)) {
      throw new Failure("Sec-WebSocket-Accept is " + accept + ", expected " + expectedAccept);
    }
  }

  static String acceptFor(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key + Rfc6455.ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }
}
