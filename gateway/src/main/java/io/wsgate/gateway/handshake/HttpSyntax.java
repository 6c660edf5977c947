package io.wsgate.gateway.handshake;

import java.util.ArrayList;
import java.util.List;

/** HTTP grammar helpers (RFC 9110 §5.6). */
final class HttpSyntax {

  private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

  private HttpSyntax() {
  }

  /** tchar: the characters of a token (method, field name, list element). */
  static boolean isTchar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || TCHAR_SYMBOLS.indexOf(c) >= 0;
  }

  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTchar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** OWS is SP / HTAB only; String.trim() would also strip control characters. */
  static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isOws(s.charAt(start))) {
      start++;
    }
    while (end > start && isOws(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * The elements of a comma-separated list spread over any number of field lines, trimmed, empty
   * elements dropped (RFC 9110 §5.6.1), in order.
   */
  static List<String> listElements(List<String> fieldValues) {
    List<String> elements = new ArrayList<>();
    for (String value : fieldValues) {
      for (String element : value.split(",", -1)) {
        String trimmed = trimOws(element);
        if (!trimmed.isEmpty()) {
          elements.add(trimmed);
        }
      }
    }
    return elements;
  }

  /** Whether a list (over all field lines) contains the token, ignoring case. */
  static boolean listContainsIgnoreCase(List<String> fieldValues, String token) {
    for (String element : listElements(fieldValues)) {
      if (element.equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
