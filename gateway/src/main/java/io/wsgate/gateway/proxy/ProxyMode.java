package io.wsgate.gateway.proxy;

import java.util.Locale;

/** {@code server.proxyProtocol}: which PROXY protocol header a trusted peer must send first. */
public enum ProxyMode {
  /** No header: the TCP peer is the client. */
  OFF,
  /** Only the text header (haproxy {@code send-proxy}, nginx {@code proxy_protocol on}). */
  V1,
  /** Only the binary header (haproxy {@code send-proxy-v2}). */
  V2,
  /** Either; the first byte tells which. */
  ANY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named by {@code value} (as in the config), or null when there is none. */
  public static ProxyMode fromWire(String value) {
    for (ProxyMode mode : values()) {
      if (mode.wire().equals(value)) {
        return mode;
      }
    }
    return null;
  }

  boolean acceptsV1() {
    return this == V1 || this == ANY;
  }

  boolean acceptsV2() {
    return this == V2 || this == ANY;
  }
}
