package io.wsgate.router.rooms;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Turns a client's text frame into a {@link Request}, or a {@link RequestException} naming the
 * problem. Also the field rules shared with the server-side API. Unknown fields are ignored, so
 * clients may send fields a later version understands.
 */
final class RequestParser {

  private RequestParser() {
  }

  static Request parse(Buffer frame) throws RequestException {
    if (frame.length() > RoomsLimits.MAX_REQUEST_BYTES) {
      throw oversized();
    }
    Object value;
    try {
      value = Json.decodeValue(frame);
    } catch (DecodeException e) {
      throw new RequestException(ErrorCode.BAD_JSON, "request is not valid JSON");
    }
    if (!(value instanceof JsonObject)) {
      throw new RequestException(ErrorCode.BAD_REQUEST, "request must be a JSON object");
    }
    JsonObject json = (JsonObject) value;
    Object id = id(json);
    try {
      return request(json, id);
    } catch (RequestException e) {
      throw e.withId(id);
    }
  }

  /** A frame over the request size: refused unparsed, so there is no id to echo. */
  static RequestException oversized() {
    return new RequestException(ErrorCode.TOO_LARGE, "request over " + RoomsLimits.MAX_REQUEST_BYTES + " bytes");
  }

  private static Request request(JsonObject json, Object id) throws RequestException {
    Object opValue = json.getValue("op");
    if (!(opValue instanceof String)) {
      throw new RequestException(ErrorCode.BAD_REQUEST,
          opValue == null ? "missing op" : "op must be a string");
    }
    Op op = Op.fromWire((String) opValue);
    if (op == null) {
      throw new RequestException(ErrorCode.UNKNOWN_OP, "unknown op: " + abbreviate((String) opValue));
    }
    switch (op) {
      case JOIN:
      case LEAVE:
      case PRESENCE:
        return new Request(op, id, room(json, "room"), null, null);
      case PUBLISH:
        return new Request(op, id, room(json, "room"), null, data(json));
      case DIRECT:
        return new Request(op, id, null, user(json, "to"), data(json));
      case ROOMS:
      default:
        return new Request(op, id, null, null, null);
    }
  }

  /** The {@code id} to echo: a string of at most 128 characters or a number; absent is fine. */
  private static Object id(JsonObject json) throws RequestException {
    Object id = json.getValue("id");
    if (id == null || id instanceof Number) {
      return id;
    }
    if (id instanceof String && ((String) id).length() <= RoomsLimits.MAX_ID_LENGTH) {
      return id;
    }
    throw new RequestException(ErrorCode.BAD_REQUEST,
        "id must be a number or a string of at most " + RoomsLimits.MAX_ID_LENGTH + " characters");
  }

  /** A required string field holding a valid room name. */
  static String room(JsonObject json, String field) throws RequestException {
    String room = string(json, field);
    if (!Names.isRoom(room)) {
      throw new RequestException(ErrorCode.BAD_ROOM, field + " must be " + Names.ROOM_RULE);
    }
    return room;
  }

  /** A required string field holding a valid user name. */
  static String user(JsonObject json, String field) throws RequestException {
    String user = string(json, field);
    if (!Names.isUser(user)) {
      throw new RequestException(ErrorCode.BAD_USER, field + " must be " + Names.USER_RULE);
    }
    return user;
  }

  /** A required string field. */
  static String string(JsonObject json, String field) throws RequestException {
    Object value = json.getValue(field);
    if (value instanceof String) {
      return (String) value;
    }
    throw new RequestException(ErrorCode.BAD_REQUEST,
        value == null && !json.containsKey(field) ? "missing " + field : field + " must be a string");
  }

  /**
   * The required {@code data} field, any JSON value including null, encoded once. The size limit
   * applies to that encoding, which is exactly what goes on the wire.
   */
  static String data(JsonObject json) throws RequestException {
    if (!json.containsKey("data")) {
      throw new RequestException(ErrorCode.BAD_REQUEST, "missing data");
    }
    String encoded = Json.encode(json.getValue("data"));
    if (encoded.length() > RoomsLimits.MAX_DATA_BYTES / 3
        && encoded.getBytes(StandardCharsets.UTF_8).length > RoomsLimits.MAX_DATA_BYTES) {
      throw new RequestException(ErrorCode.TOO_LARGE,
          "data over " + RoomsLimits.MAX_DATA_BYTES + " bytes once encoded");
    }
    return encoded;
  }

  private static String abbreviate(String value) {
    return value.length() <= 32 ? value : value.substring(0, 32) + "...";
  }
}
