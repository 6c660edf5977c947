package io.wsgate.gateway.limits;

import io.vertx.core.net.SocketAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key per-address limits count by: an IPv4 address as is, an IPv6 address by its /64 network
 * (one subscriber usually holds a whole /64, so counting single IPv6 addresses would let one
 * client spread over billions of keys), an IPv4-mapped IPv6 address as its IPv4 address.
 */
public final class ClientAddress {

  private static final int IPV6_NETWORK_GROUPS = 4;

  private ClientAddress() {
  }

  public static String limitKey(SocketAddress address) {
    if (address == null) {
      return "unknown";
    }
    String host = address.hostAddress();
    if (host == null) {
      return String.valueOf(address); // a Unix domain socket: one local peer
    }
    if (host.indexOf(':') < 0) {
      return host;
    }
    try {
      // A literal with ':' is parsed, never resolved.
      InetAddress parsed = InetAddress.getByName(host);
      if (parsed instanceof Inet4Address) {
        return parsed.getHostAddress();
      }
      byte[] bytes = parsed.getAddress();
      StringBuilder key = new StringBuilder();
      for (int group = 0; group < IPV6_NETWORK_GROUPS; group++) {
        key.append(Integer.toHexString(((bytes[2 * group] & 0xFF) << 8) | (bytes[2 * group + 1] & 0xFF))).append(':');
      }
      return key.append(":/64").toString();
    } catch (UnknownHostException e) {
      return host;
    }
  }
}
