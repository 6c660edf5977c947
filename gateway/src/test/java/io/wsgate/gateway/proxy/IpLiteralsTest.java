package io.wsgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wsgate.gateway.testing.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  @ParameterizedTest
  @CsvSource({
      "0.0.0.0, 00000000",
      "127.0.0.5, 7f000005",
      "255.255.255.255, ffffffff",
  })
  void dottedDecimalIpv4IsParsed(String text, String hex) {
    assertArrayEquals(Bytes.hex(hex), IpLiterals.ipv4(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1.2.3.-4", "1..3.4", "1.2.3.4 ",
      "0x7f.0.0.1", "localhost", "1.2.3.1234"})
  void anythingElseIsNotIpv4(String text) {
    assertNull(IpLiterals.ipv4(text));
  }

  @ParameterizedTest
  @CsvSource({
      "::, 00000000000000000000000000000000",
      "::1, 00000000000000000000000000000001",
      "2001:db8::1, 20010db8000000000000000000000001",
      "2001:DB8:0:0:0:0:0:1, 20010db8000000000000000000000001",
      "fe80::, fe800000000000000000000000000000",
      "1:2:3:4:5:6::8, 00010002000300040005000600000008",
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffffffffffffffffffffffffffffffff",
  })
  void hexGroupIpv6IsParsed(String text, String hex) {
    assertArrayEquals(Bytes.hex(hex), IpLiterals.ipv6(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
      "12345::", "g::1", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "::ffff:127.0.0.1", "fe80::1%eth0"})
  void anythingElseIsNotIpv6(String text) {
    assertNull(IpLiterals.ipv6(text));
  }
}
