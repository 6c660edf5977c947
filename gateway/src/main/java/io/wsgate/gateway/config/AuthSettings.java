package io.wsgate.gateway.config;

import java.util.List;

/**
 * Token verification ({@code auth.*}); read once at start-up.
 *
 * @param keys verification keys given one by one (secrets and PEM public keys)
 * @param jwksPath a JSON Web Key Set file, or null
 * @param issuer the required {@code iss}, or null for any
 * @param audience accepted {@code aud} values (the token must name one); empty = not checked
 * @param clockSkewSeconds leeway for {@code exp}, {@code nbf} and {@code iat}
 * @param tokenSources where the token is looked for, in order; the first source that has one wins
 * @param cookieName the cookie read by {@link TokenSource#COOKIE}
 */
public record AuthSettings(List<KeySpec> keys, String jwksPath, String issuer, List<String> audience,
    int clockSkewSeconds, List<TokenSource> tokenSources, String cookieName) {

  public static final int DEFAULT_CLOCK_SKEW_SECONDS = 30;
  public static final String DEFAULT_COOKIE_NAME = "wsgate_token";
  public static final List<TokenSource> DEFAULT_SOURCES = List.of(TokenSource.HEADER, TokenSource.QUERY, TokenSource.COOKIE);

  public AuthSettings {
    keys = List.copyOf(keys);
    audience = List.copyOf(audience);
    tokenSources = List.copyOf(tokenSources);
  }

  /** No {@code auth} section: nothing can be verified, so no route may ask for a token. */
  public static AuthSettings none() {
    return new AuthSettings(List.of(), null, null, List.of(), DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_SOURCES,
        DEFAULT_COOKIE_NAME);
  }

  /** Whether any key is configured (a route with auth on needs one). */
  public boolean hasKeys() {
    return !keys.isEmpty() || jwksPath != null;
  }
}
