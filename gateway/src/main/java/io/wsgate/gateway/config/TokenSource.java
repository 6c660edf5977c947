package io.wsgate.gateway.config;

import java.util.Locale;

/** Where the handshake's bearer token is looked for ({@code auth.tokenSources}, in order). */
public enum TokenSource {
  /** {@code Authorization: Bearer TOKEN}. Non-browser clients. */
  HEADER,
  /** The {@code token} query parameter. Browsers (their WebSocket API cannot set headers). */
  QUERY,
  /** The cookie named {@code auth.cookieName}. Browsers on the same site. */
  COOKIE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The source for a config value, or null when unknown. */
  public static TokenSource fromWire(String value) {
    for (TokenSource source : values()) {
      if (source.wire().equals(value)) {
        return source;
      }
    }
    return null;
  }
}
