package io.wsgate.router.rooms;

/**
 * The machine-readable codes of {@code {"op":"error"}} replies and of failed server-side API
 * replies. The wire names are stable: clients switch on them. See docs/protocol.md.
 */
public enum ErrorCode {
  /** The text frame is not JSON. */
  BAD_JSON("bad_json", 400),
  /** JSON, but not a request: not an object, a field missing or of the wrong type. */
  BAD_REQUEST("bad_request", 400),
  /** {@code op} is a string the server does not know. */
  UNKNOWN_OP("unknown_op", 400),
  /** Server-side API only: {@code action} is a string the router does not know. */
  UNKNOWN_ACTION("unknown_action", 400),
  /** A room name outside the allowed length or charset. */
  BAD_ROOM("bad_room", 400),
  /** A user name outside the allowed length or charset. */
  BAD_USER("bad_user", 400),
  /** The request, or its {@code data} once encoded, is over the size limit. */
  TOO_LARGE("too_large", 400),
  /** Publish to, or leave, a room this connection has not joined. */
  NOT_JOINED("not_joined", 409),
  /** The connection is already in the maximum number of rooms. */
  TOO_MANY_ROOMS("too_many_rooms", 409),
  /** The room already has the maximum number of users (route option {@code maxMembersPerRoom}). */
  ROOM_FULL("room_full", 409),
  /** The token's {@code rooms} claim does not allow this join, publish or presence. */
  FORBIDDEN("forbidden", 403),
  /** Direct message to a user with no open connection. */
  UNKNOWN_USER("unknown_user", 404),
  /** Presence of a room that has no members (rooms exist only while they have members). */
  UNKNOWN_ROOM("unknown_room", 404),
  /** A binary frame: the protocol is JSON text. */
  BINARY_NOT_SUPPORTED("binary_not_supported", 400),
  /**
   * The gateway did not confirm a join or leave, or the room's owner node did not answer in a
   * cluster; the request had no effect and may be retried.
   */
  UNAVAILABLE("unavailable", 503);

  private final String wire;
  private final int status;

  ErrorCode(String wire, int status) {
    this.wire = wire;
    this.status = status;
  }

  /** The code with this wire name, or null. */
  static ErrorCode fromWire(String wire) {
    for (ErrorCode code : values()) {
      if (code.wire.equals(wire)) {
        return code;
      }
    }
    return null;
  }

  /** The value of the {@code code} field. */
  public String wire() {
    return wire;
  }

  /** The HTTP status the server-side API reports with this code. */
  public int status() {
    return status;
  }
}
