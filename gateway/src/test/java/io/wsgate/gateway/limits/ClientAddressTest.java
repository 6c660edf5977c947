package io.wsgate.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "127.0.0.2,                                127.0.0.2",
      "203.0.113.7,                              203.0.113.7",
      "2001:db8:aa:bb:1:2:3:4,                   2001:db8:aa:bb::/64",
      "2001:db8:aa:bb:ffff:ffff:ffff:ffff,       2001:db8:aa:bb::/64",
      "0:0:0:0:0:0:0:1,                          0:0:0:0::/64",
      "::ffff:198.51.100.9,                      198.51.100.9",
  })
  void ipv4CountsByAddressAndIpv6ByItsSlash64(String host, String key) {
    assertEquals(key, ClientAddress.limitKey(SocketAddress.inetSocketAddress(40000, host)));
  }
}
