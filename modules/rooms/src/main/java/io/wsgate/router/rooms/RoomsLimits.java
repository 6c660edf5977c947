package io.wsgate.router.rooms;

import java.util.regex.Pattern;

/** The limits of the rooms protocol; docs/protocol.md documents each one. */
final class RoomsLimits {

  /** User names: 1–32 of A–Z a–z 0–9 . _ - (case-sensitive). */
  static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");

  /** Room names: 1–64 of A–Z a–z 0–9 . _ : - (case-sensitive). */
  static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  /** {@code data} of publish and direct, encoded as compact JSON, in UTF-8 bytes. */
  static final int MAX_DATA_BYTES = 64 * 1024;

  /**
   * A whole request frame. Larger frames are refused before they are parsed, so a client cannot
   * make the router decode megabytes of JSON; the slack above {@link #MAX_DATA_BYTES} covers the
   * envelope (op, room, id, whitespace).
   */
  static final int MAX_REQUEST_BYTES = MAX_DATA_BYTES + 4 * 1024;

  /** A string {@code id} longer than this is a bad request (it is echoed in every reply). */
  static final int MAX_ID_LENGTH = 128;

  /** Rooms listed by {@code rooms}; the reply says {@code "truncated":true} beyond that. */
  static final int MAX_LISTED_ROOMS = 1000;

  /** Error replies within {@link #ERROR_WINDOW_MS} after which the connection is closed with 1008. */
  static final int MAX_ERRORS = 20;

  static final long ERROR_WINDOW_MS = 10_000;

  /**
   * Requests waiting while the gateway confirms a join or leave of the same connection (one local
   * round trip). A client that piles up more is flooding: closed with 1008.
   */
  static final int MAX_WAITING_REQUESTS = 256;

  static final int MAX_WAITING_BYTES = 1024 * 1024;

  /** Close code for identity problems and abuse (RFC 6455 policy violation). */
  static final int POLICY_VIOLATION = 1008;

  /** Close code when the gateway fails to register a connection (RFC 6455 internal error). */
  static final int INTERNAL_ERROR = 1011;

  private RoomsLimits() {
  }
}
