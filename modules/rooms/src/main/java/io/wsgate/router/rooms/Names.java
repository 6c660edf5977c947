package io.wsgate.router.rooms;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Validation of user and room names, and the user name from the handshake query. */
final class Names {

  static final String USER_RULE = "1-32 characters of A-Z a-z 0-9 . _ -";
  static final String ROOM_RULE = "1-64 characters of A-Z a-z 0-9 . _ : -";

  private Names() {
  }

  static boolean isUser(String name) {
    return name != null && RoomsLimits.USER_NAME.matcher(name).matches();
  }

  static boolean isRoom(String name) {
    return name != null && RoomsLimits.ROOM_NAME.matcher(name).matches();
  }

  /**
   * The {@code user} parameter of a raw query string ({@code a=1&user=alice}), URL-decoded and
   * validated.
   *
   * @throws IllegalArgumentException with a close reason (well under 123 bytes) when the
   *     parameter is missing, given twice, badly encoded or not a valid name
   */
  static String userFromQuery(String query) {
    String user = null;
    if (query != null) {
      for (String parameter : query.split("&")) {
        int equals = parameter.indexOf('=');
        String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
        if (!"user".equals(name)) {
          continue;
        }
        if (user != null) {
          throw new IllegalArgumentException("user given more than once");
        }
        user = equals < 0 ? "" : decode(parameter.substring(equals + 1));
      }
    }
    if (user == null) {
      throw new IllegalArgumentException("missing user: connect with ?user=NAME");
    }
    // The bad name is not echoed: it may be long, and the reason is limited to 123 bytes.
    if (!isUser(user)) {
      throw new IllegalArgumentException("invalid user name: " + USER_RULE);
    }
    return user;
  }

  /**
   * The user of an authenticated connection: the token's {@code sub} from the open event.
   *
   * @throws IllegalArgumentException with a close reason when there is none (an anonymous
   *     connection on a route with optional auth) or it is not a valid user name
   */
  static String userFromToken(String subject) {
    if (subject == null) {
      throw new IllegalArgumentException("authentication required: connect with a token");
    }
    if (!isUser(subject)) {
      throw new IllegalArgumentException("invalid user name in the token's sub: " + USER_RULE);
    }
    return subject;
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformedEscape) {
      throw new IllegalArgumentException("badly encoded query string");
    }
  }
}
