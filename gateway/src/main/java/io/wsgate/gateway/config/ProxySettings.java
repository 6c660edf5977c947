package io.wsgate.gateway.config;

import io.wsgate.gateway.proxy.ProxyMode;
import io.wsgate.gateway.proxy.TrustedProxies;

/**
 * PROXY protocol on the WebSocket port ({@code server.proxyProtocol}, {@code server.trustedProxies}).
 *
 * @param mode which header a connection must start with; {@link ProxyMode#OFF}: none
 * @param trusted the peers allowed to connect (and whose header is believed) when mode is not off
 */
public record ProxySettings(ProxyMode mode, TrustedProxies trusted) {

  public static ProxySettings off() {
    return new ProxySettings(ProxyMode.OFF, new TrustedProxies(java.util.List.of()));
  }

  public boolean enabled() {
    return mode != ProxyMode.OFF;
  }
}
