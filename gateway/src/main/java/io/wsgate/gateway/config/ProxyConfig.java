package io.wsgate.gateway.config;

import io.wsgate.gateway.proxy.CidrRange;
import io.wsgate.gateway.proxy.ProxyMode;
import io.wsgate.gateway.proxy.TrustedProxies;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code server.proxyProtocol} and {@code server.trustedProxies}. */
final class ProxyConfig {

  private ProxyConfig() {
  }

  static ProxySettings parse(ConfigReader server, TlsSettings tls) {
    String value = server.string("proxyProtocol", ProxyMode.OFF.wire());
    ProxyMode mode = ProxyMode.fromWire(value);
    if (mode == null) {
      throw new ConfigException(server.key("proxyProtocol"), "must be off, v1, v2 or any, got \"" + value + "\"");
    }
    List<String> cidrs = server.strings("trustedProxies");
    List<CidrRange> ranges = new ArrayList<>();
    for (int i = 0; i < cidrs.size(); i++) {
      try {
        ranges.add(CidrRange.parse(cidrs.get(i).trim()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(server.key("trustedProxies") + "[" + i + "]", e.getMessage());
      }
    }
    if (mode != ProxyMode.OFF && ranges.isEmpty()) {
      throw new ConfigException(server.key("trustedProxies"), "is required when server.proxyProtocol is "
          + mode.wire() + ": list the load balancers' addresses or networks (CIDR)");
    }
    if (mode != ProxyMode.OFF && tls != null) {
      // The header comes before the TLS ClientHello, and Vert.x's TLS handler reads first.
      throw new ConfigException(server.key("proxyProtocol"), "cannot be used with server.tls: terminate TLS at"
          + " the load balancer, or pass TLS through without a PROXY header (docs/deploy.md)");
    }
    return new ProxySettings(mode, new TrustedProxies(ranges));
  }
}
