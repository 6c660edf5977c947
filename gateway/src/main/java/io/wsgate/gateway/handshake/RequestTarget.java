package io.wsgate.gateway.handshake;

import java.util.Locale;
import java.util.Set;

/**
 * The path and query of a request-target in origin-form or absolute-form (RFC 9112 §3.2).
 * Asterisk-form and authority-form are not valid for a GET upgrade and are rejected.
 */
record RequestTarget(String path, String query) {

  private static final String SCHEME_SEPARATOR = "://";
  private static final Set<String> SCHEMES = Set.of("http", "https", "ws", "wss");

  static RequestTarget parse(String target) throws HandshakeException {
    if (target.indexOf('#') >= 0) {
      throw HandshakeException.badRequest("Request target must not contain a fragment (RFC 9112 §3.2)");
    }
    if (target.startsWith("/")) {
      return splitQuery(target);
    }
    int schemeEnd = target.indexOf(SCHEME_SEPARATOR);
    if (schemeEnd <= 0
        || !SCHEMES.contains(target.substring(0, schemeEnd).toLowerCase(Locale.ROOT))) {
      throw HandshakeException.badRequest(
          "Request target must be origin-form or absolute-form (RFC 9112 §3.2)");
    }
    String rest = target.substring(schemeEnd + SCHEME_SEPARATOR.length());
    int authorityEnd = indexOfAny(rest, '/', '?');
    String authority = rest.substring(0, authorityEnd);
    // userinfo in an http(s) URI is deprecated and a known spoofing vector (RFC 9110 §4.2.4).
    if (authority.isEmpty() || authority.indexOf('@') >= 0) {
      throw HandshakeException.badRequest("Request target has an invalid authority (RFC 9110 §4.2)");
    }
    String pathAndQuery = rest.substring(authorityEnd);
    // An empty path in an http URI means "/" (RFC 9110 §4.2.3).
    return splitQuery(pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery);
  }

  private static RequestTarget splitQuery(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    return q < 0
        ? new RequestTarget(pathAndQuery, null)
        : new RequestTarget(pathAndQuery.substring(0, q), pathAndQuery.substring(q + 1));
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return s.length();
  }
}
