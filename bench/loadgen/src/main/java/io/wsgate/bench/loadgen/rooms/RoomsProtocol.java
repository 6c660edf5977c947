package io.wsgate.bench.loadgen.rooms;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The rooms route's JSON text protocol, client side:
 * <pre>
 * connect  /rooms?user=u17
 * send     {"op":"join","room":"r3"}
 * send     {"op":"publish","room":"r3","data":"..."}
 * receive  {"op":"message","room":"r3","from":"u17","seq":42,"data":"..."}
 * </pre>
 * Publishing builds the frame around the data bytes directly (no JSON encoder per message):
 * names are restricted to characters that need no escaping, and the data is the ASCII
 * {@code Stamp}.
 */
public final class RoomsProtocol {

  public static final String OP = "op";
  public static final String ROOM = "room";
  public static final String DATA = "data";
  public static final String FROM = "from";
  public static final String SEQ = "seq";
  public static final String OP_JOIN = "join";
  public static final String OP_PUBLISH = "publish";
  public static final String OP_MESSAGE = "message";
  public static final String OP_ERROR = "error";
  public static final String OP_JOINED = "joined";
  public static final String USER_QUERY = "user";
  /** Room and user names the client makes up: safe in a URL query and in JSON unescaped. */
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private RoomsProtocol() {
  }

  /** {@code /rooms?user=u17} */
  public static String connectPath(String path, String user) {
    return path + "?" + USER_QUERY + "=" + safe(user);
  }

  public static byte[] join(String room) {
    return new JsonObject().put(OP, OP_JOIN).put(ROOM, safe(room)).encode().getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes of a publish message up to the data string's opening quote, and after its closing quote. */
  public record PublishTemplate(byte[] prefix, byte[] suffix) {

    public static PublishTemplate forRoom(String room) {
      String prefix = "{\"" + OP + "\":\"" + OP_PUBLISH + "\",\"" + ROOM + "\":\"" + safe(room) + "\",\"" + DATA + "\":\"";
      return new PublishTemplate(prefix.getBytes(StandardCharsets.US_ASCII), "\"}".getBytes(StandardCharsets.US_ASCII));
    }

    public int length(int dataLength) {
      return prefix.length + dataLength + suffix.length;
    }

    /** Writes the prefix at {@code dst[at]}, leaves {@code dataLength} bytes for the data, writes the suffix. */
    public int writeAround(byte[] dst, int at, int dataLength) {
      System.arraycopy(prefix, 0, dst, at, prefix.length);
      System.arraycopy(suffix, 0, dst, at + prefix.length + dataLength, suffix.length);
      return at + prefix.length;
    }
  }

  /** A server message, parsed. {@code seq} is -1 when absent or not a number. */
  public record Incoming(String op, String room, String from, long seq, String data, JsonObject raw) {
  }

  /** Parses one text message; throws {@link IllegalArgumentException} if it is not a JSON object. */
  public static Incoming parse(Buffer message) {
    JsonObject json;
    try {
      json = new JsonObject(message);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getMessage());
    }
    Object seq = json.getValue(SEQ);
    Object data = json.getValue(DATA);
    return new Incoming(json.getString(OP), stringOrNull(json.getValue(ROOM)), stringOrNull(json.getValue(FROM)),
        seq instanceof Number number ? number.longValue() : -1,
        data instanceof String text ? text : null, json);
  }

  private static String stringOrNull(Object value) {
    return value == null ? null : value.toString();
  }

  private static String safe(String name) {
    if (!SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must match " + SAFE_NAME + ": " + name);
    }
    return name;
  }
}
