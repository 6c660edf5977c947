package io.wsgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedProxiesTest {

  private static TrustedProxies trusted(String... cidrs) {
    return new TrustedProxies(List.of(cidrs).stream().map(CidrRange::parse).toList());
  }

  @Test
  void ipv4NetworkContainsItsAddressesOnly() {
    TrustedProxies proxies = trusted("10.1.0.0/16");
    assertTrue(proxies.trusts("10.1.0.0"));
    assertTrue(proxies.trusts("10.1.255.255"));
    assertFalse(proxies.trusts("10.2.0.0"));
    assertFalse(proxies.trusts("10.0.255.255"));
  }

  @Test
  void prefixNotOnAByteBoundaryIsMatchedBitByBit() {
    TrustedProxies proxies = trusted("192.168.0.64/26");
    assertTrue(proxies.trusts("192.168.0.64"));
    assertTrue(proxies.trusts("192.168.0.127"));
    assertFalse(proxies.trusts("192.168.0.63"));
    assertFalse(proxies.trusts("192.168.0.128"));
  }

  @Test
  void bareAddressIsANetworkOfOne() {
    TrustedProxies proxies = trusted("127.0.0.1", "::1");
    assertTrue(proxies.trusts("127.0.0.1"));
    assertFalse(proxies.trusts("127.0.0.2"));
    assertTrue(proxies.trusts("0:0:0:0:0:0:0:1"));
    assertFalse(proxies.trusts("0:0:0:0:0:0:0:2"));
  }

  @Test
  void ipv6NetworkIgnoresTheZoneOfThePeer() {
    TrustedProxies proxies = trusted("fe80::/10");
    assertTrue(proxies.trusts("fe80:0:0:0:0:0:0:1%eth0"));
    assertTrue(proxies.trusts("febf:0:0:0:0:0:0:1"));
    assertFalse(proxies.trusts("fec0:0:0:0:0:0:0:1"));
  }

  @Test
  void ipv4PeerNeverMatchesAnIpv6RangeNorTheOtherWayRound() {
    assertFalse(trusted("::/0").trusts("127.0.0.1"));
    assertFalse(trusted("0.0.0.0/0").trusts("0:0:0:0:0:0:0:1"));
    assertTrue(trusted("0.0.0.0/0").trusts("203.0.113.9"));
  }

  @Test
  void unparsablePeerIsNotTrusted() {
    assertFalse(trusted("0.0.0.0/0").trusts("localhost"));
    assertFalse(trusted("0.0.0.0/0").trusts(null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.1/8|\"10.0.0.1/8\": address has bits set after the /8 prefix",
      "10.0.0.0/33|\"10.0.0.0/33\": prefix length must be 0 to 32",
      "::/129|\"::/129\": prefix length must be 0 to 128",
      "10.0.0.0/08|\"10.0.0.0/08\": prefix length must be 0 to 32",
      "10.0.0.0/|\"10.0.0.0/\": prefix length must be 0 to 32",
      "proxy.local|\"proxy.local\" is not an IPv4 or IPv6 address or CIDR",
      "10.0.0/8|\"10.0.0/8\" is not an IPv4 or IPv6 address or CIDR",
  })
  void badCidrIsRefusedWithAReason(String cidr, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> CidrRange.parse(cidr)).getMessage());
  }
}
