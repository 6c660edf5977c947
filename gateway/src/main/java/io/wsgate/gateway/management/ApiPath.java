package io.wsgate.gateway.management;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request path under {@code /api/} resolved to its endpoint and the room or user it names
 * (percent-decoded as UTF-8; the router decides which names are valid).
 */
record ApiPath(ApiEndpoint endpoint, String target) {

  static final String PREFIX = "/api/";

  /** The endpoint for a raw request path, or null when none matches. */
  static ApiPath parse(String rawPath) {
    if (!rawPath.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
    if (parts.length == 1 && parts[0].equals("rooms")) {
      return new ApiPath(ApiEndpoint.ROOMS, null);
    }
    if (parts.length != 3 || parts[1].isEmpty()) {
      return null;
    }
    String collection = parts[0] + "/" + parts[2];
    ApiEndpoint endpoint = switch (collection) {
      case "rooms/messages" -> ApiEndpoint.ROOM_MESSAGE;
      case "rooms/presence" -> ApiEndpoint.PRESENCE;
      case "users/messages" -> ApiEndpoint.USER_MESSAGE;
      default -> null;
    };
    return endpoint == null ? null : new ApiPath(endpoint, decode(parts[1]));
  }

  /** Percent-decoding of one path segment ('+' stays '+': it is not a form). */
  static String decode(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
      int low = high >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
      if (low < 0) {
        throw new ApiError(400, "bad_path", "bad percent-encoding in \"" + segment + "\"");
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new ApiError(400, "bad_path", "path segment is not UTF-8: \"" + segment + "\"");
    }
  }
}
