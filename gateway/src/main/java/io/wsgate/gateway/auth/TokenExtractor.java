package io.wsgate.gateway.auth;

import io.wsgate.gateway.config.TokenSource;
import io.wsgate.gateway.handshake.HandshakeRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the bearer token of a handshake in the configured sources, in order. The first source
 * that carries a token wins; later ones are not looked at. A source that carries the token twice
 * (two Authorization headers, two {@code token} parameters, two cookies of that name) is refused
 * rather than guessed at: an intermediary may have added one of them.
 */
final class TokenExtractor {

  static final String QUERY_PARAMETER = "token";
  private static final String BEARER = "bearer ";

  private TokenExtractor() {
  }

  /**
   * The token, or null when no source has one.
   *
   * @throws AuthenticationException when a source has it twice, empty or badly encoded
   */
  static String find(HandshakeRequest request, List<TokenSource> sources, String cookieName)
      throws AuthenticationException {
    for (TokenSource source : sources) {
      List<String> found = switch (source) {
        case HEADER -> fromAuthorization(request.headers("Authorization"));
        case QUERY -> fromQuery(request.query());
        case COOKIE -> fromCookies(request.headers("Cookie"), cookieName);
      };
      if (found.size() > 1) {
        throw new AuthenticationException("token given more than once in the " + source.wire());
      }
      if (found.size() == 1) {
        String token = found.get(0);
        if (token.isEmpty()) {
          throw new AuthenticationException("empty token in the " + source.wire());
        }
        return token;
      }
    }
    return null;
  }

  /** Bearer credentials only (scheme case-insensitive, RFC 9110 §11.1); other schemes are not ours. */
  private static List<String> fromAuthorization(List<String> values) throws AuthenticationException {
    List<String> tokens = new ArrayList<>();
    for (String value : values) {
      if (value.length() >= BEARER.length() && value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
        tokens.add(value.substring(BEARER.length()).trim());
      } else if (values.size() > 1) {
        // Two Authorization lines are ambiguous whatever their schemes.
        throw new AuthenticationException("more than one Authorization header");
      }
    }
    return tokens;
  }

  private static List<String> fromQuery(String query) throws AuthenticationException {
    List<String> tokens = new ArrayList<>();
    if (query == null) {
      return tokens;
    }
    for (String parameter : query.split("&")) {
      int equals = parameter.indexOf('=');
      if (QUERY_PARAMETER.equals(decode(equals < 0 ? parameter : parameter.substring(0, equals)))) {
        tokens.add(equals < 0 ? "" : decode(parameter.substring(equals + 1)));
      }
    }
    return tokens;
  }

  /** {@code Cookie: a=1; wsgate_token=...} (RFC 6265 §4.2.1), over any number of Cookie lines. */
  private static List<String> fromCookies(List<String> headers, String name) {
    List<String> tokens = new ArrayList<>();
    for (String header : headers) {
      for (String pair : header.split(";")) {
        int equals = pair.indexOf('=');
        if (equals > 0 && pair.substring(0, equals).trim().equals(name)) {
          String value = pair.substring(equals + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          tokens.add(value);
        }
      }
    }
    return tokens;
  }

  private static String decode(String value) throws AuthenticationException {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("badly encoded query string");
    }
  }
}
