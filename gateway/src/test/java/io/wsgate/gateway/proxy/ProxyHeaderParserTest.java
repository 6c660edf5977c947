package io.wsgate.gateway.proxy;

import static io.wsgate.gateway.testing.Bytes.concat;
import static io.wsgate.gateway.testing.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.buffer.Buffer;
import io.wsgate.gateway.proxy.ProxyHeaderException.Reason;
import io.wsgate.gateway.testing.Pieces;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixtures from haproxy's doc/proxy-protocol.txt (the v1 example line, the v2 layout) and a v2
 * header captured from haproxy {@code send-proxy-v2}. Every input is also fed cut in two at every
 * byte offset, and one byte at a time; all ways must give the same header and the same bytes after it.
 */
class ProxyHeaderParserTest {

  private static final byte[] REQUEST = ascii("GET / HTTP/1.1\r\nHost: 192.168.0.11\r\n\r\n");

  // ---- version 1 ------------------------------------------------------------------------------

  @Test
  void v1Tcp4LineFromTheSpecGivesTheClientAndLeavesTheRequest() {
    ProxyHeader header = parse(ProxyMode.V1, concat(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"), REQUEST),
        REQUEST);
    assertEquals(1, header.version());
    assertEquals(new InetSocketAddress("192.168.0.1", 56324), header.source());
    assertEquals(new InetSocketAddress("192.168.0.11", 443), header.destination());
  }

  @Test
  void v1Tcp6LineWithCompressedZerosGivesTheClient() {
    ProxyHeader header = parse(ProxyMode.ANY, concat(ascii("PROXY TCP6 2001:db8::1 ::1 56324 443\r\n"), REQUEST),
        REQUEST);
    assertEquals(new InetSocketAddress("2001:db8:0:0:0:0:0:1", 56324), header.source());
    assertEquals(new InetSocketAddress("::1", 443), header.destination());
  }

  @Test
  void v1LongestTcp6LineOf104BytesIsAccepted() {
    String max = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    byte[] line = ascii("PROXY TCP6 " + max + " " + max + " 65535 65535\r\n");
    assertEquals(104, line.length);
    ProxyHeader header = parse(ProxyMode.V1, line, new byte[0]);
    assertEquals(65535, header.source().getPort());
  }

  @Test
  void v1UnknownShortFormKeepsThePeerAddress() {
    ProxyHeader header = parse(ProxyMode.V1, concat(ascii("PROXY UNKNOWN\r\n"), REQUEST), REQUEST);
    assertFalse(header.hasAddresses());
  }

  @Test
  void v1UnknownWorstCaseOf107BytesIsAcceptedAndItsAddressesIgnored() {
    String max = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    byte[] line = ascii("PROXY UNKNOWN " + max + " " + max + " 65535 65535\r\n");
    assertEquals(107, line.length);
    assertFalse(parse(ProxyMode.V1, concat(line, REQUEST), REQUEST).hasAddresses());
  }

  @Test
  void v1LineWithoutCrlfInItsFirst107BytesIsOversized() {
    byte[] line = ascii("PROXY UNKNOWN " + "x".repeat(93) + "\r\n");
    assertEquals(109, line.length);
    rejects(ProxyMode.V1, line, Reason.OVERSIZED, "PROXY v1 line longer than 107 bytes");
  }

  @Test
  void v1OversizedLineFailsOnItsByte108WithoutWaitingForMore() {
    byte[] first107 = ascii("PROXY UNKNOWN " + "x".repeat(93));
    assertEquals(107, first107.length);
    rejects(ProxyMode.V1, first107, Reason.OVERSIZED, "PROXY v1 line longer than 107 bytes");
  }

  @Test
  void v1BareLfIsRefused() {
    rejects(ProxyMode.V1, ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\n"), Reason.MALFORMED,
        "PROXY v1 line must end in CRLF");
  }

  @Test
  void v1BareCrIsRefused() {
    rejects(ProxyMode.V1, ascii("PROXY TCP4 192.168.0.1\r192.168.0.11 56324 443\r\n"), Reason.MALFORMED,
        "PROXY v1 line has a bare CR");
  }

  @Test
  void v1FieldsMustBeSeparatedBySingleSpaces() {
    rejects(ProxyMode.V1, ascii("PROXY TCP4 192.168.0.1  192.168.0.11 56324 443\r\n"), Reason.MALFORMED,
        "PROXY v1 line must have 6 fields separated by single spaces");
  }

  @Test
  void v1IpV4WithALeadingZeroIsRefusedNotReadAsOctal() {
    rejects(ProxyMode.V1, ascii("PROXY TCP4 192.168.0.010 192.168.0.11 56324 443\r\n"), Reason.MALFORMED,
        "PROXY v1 address is not a valid IPv4 address");
  }

  @Test
  void v1AddressMustMatchTheFamily() {
    rejects(ProxyMode.V1, ascii("PROXY TCP4 ::1 192.168.0.11 56324 443\r\n"), Reason.MALFORMED,
        "PROXY v1 address is not a valid IPv4 address");
    rejects(ProxyMode.V1, ascii("PROXY TCP6 192.168.0.1 ::1 56324 443\r\n"), Reason.MALFORMED,
        "PROXY v1 address is not a valid IPv6 address");
  }

  @Test
  void v1HostNameIsNotAnAddress() {
    rejects(ProxyMode.V1, ascii("PROXY TCP4 localhost 192.168.0.11 56324 443\r\n"), Reason.MALFORMED,
        "PROXY v1 address is not a valid IPv4 address");
  }

  @Test
  void v1PortOver65535OrWithALeadingZeroIsRefused() {
    rejects(ProxyMode.V1, ascii("PROXY TCP4 192.168.0.1 192.168.0.11 65536 443\r\n"), Reason.MALFORMED,
        "PROXY v1 port must be 0 to 65535 without leading zeros");
    rejects(ProxyMode.V1, ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 0443\r\n"), Reason.MALFORMED,
        "PROXY v1 port must be 0 to 65535 without leading zeros");
  }

  @Test
  void v1ProtocolOtherThanTcp4Tcp6OrUnknownIsRefused() {
    rejects(ProxyMode.V1, ascii("PROXY UDP4 192.168.0.1 192.168.0.11 56324 443\r\n"), Reason.MALFORMED,
        "PROXY v1 protocol must be TCP4, TCP6 or UNKNOWN");
  }

  @Test
  void v1NonPrintableByteIsRefused() {
    rejects(ProxyMode.V1, concat(ascii("PROXY TCP4 192.168.0.1"), hex("00"), ascii(" 192.168.0.11 56324 443\r\n")),
        Reason.MALFORMED, "PROXY v1 line must be printable US-ASCII");
  }

  @Test
  void plainHttpRequestIsRefusedOnItsFirstByte() {
    rejects(ProxyMode.V1, ascii("G"), Reason.MALFORMED, "Expected a PROXY protocol v1 header");
    rejects(ProxyMode.ANY, REQUEST, Reason.MALFORMED, "Expected a PROXY protocol header");
  }

  @Test
  void v1PrefixMismatchFailsOnTheFirstWrongByte() {
    rejects(ProxyMode.V1, ascii("PROXX"), Reason.MALFORMED, "PROXY v1 line must start with \"PROXY \"");
    rejects(ProxyMode.V1, ascii("PUT / HTTP/1.1\r\n"), Reason.MALFORMED, "PROXY v1 line must start with \"PROXY \"");
  }

  // ---- version 2 ------------------------------------------------------------------------------

  /** haproxy send-proxy-v2, TCP over IPv4, 172.19.0.1:42578 → 172.19.0.3:80, then "GET ". */
  private static final byte[] V2_TCP4 = hex(
      "0d0a0d0a000d0a515549540a" // signature
      + "21" // version 2, command PROXY
      + "11" // AF_INET, STREAM
      + "000c" // 12 bytes follow
      + "ac130001 ac130003" // 172.19.0.1, 172.19.0.3
      + "a652 0050"); // 42578, 80

  @Test
  void v2Tcp4FromHaproxyGivesTheClientAndLeavesTheRequest() {
    ProxyHeader header = parse(ProxyMode.V2, concat(V2_TCP4, REQUEST), REQUEST);
    assertEquals(2, header.version());
    assertEquals(new InetSocketAddress("172.19.0.1", 42578), header.source());
    assertEquals(new InetSocketAddress("172.19.0.3", 80), header.destination());
  }

  @Test
  void v2Tcp6GivesTheClient() {
    byte[] input = hex("0d0a0d0a000d0a515549540a 21 21 0024"
        + "20010db8000000000000000000000001" // 2001:db8::1
        + "00000000000000000000000000000001" // ::1
        + "dbf4 01bb"); // 56308, 443
    ProxyHeader header = parse(ProxyMode.ANY, concat(input, REQUEST), REQUEST);
    assertEquals(new InetSocketAddress("2001:db8::1", 56308), header.source());
    assertEquals(new InetSocketAddress("::1", 443), header.destination());
  }

  @Test
  void v2TlvsAfterTheAddressesAreSkipped() {
    byte[] input = hex("0d0a0d0a000d0a515549540a 21 11 001b"
        + "7f000005 7f000001 3039 1f90" // 127.0.0.5:12345 → 127.0.0.1:8080
        + "04 0003 000000" // PP2_TYPE_NOOP, 3 bytes
        + "05 0006 616263646566"); // PP2_TYPE_UNIQUE_ID "abcdef"
    ProxyHeader header = parse(ProxyMode.V2, concat(input, REQUEST), REQUEST);
    assertEquals(new InetSocketAddress("127.0.0.5", 12345), header.source());
  }

  @Test
  void v2LocalCommandKeepsThePeerAddress() {
    assertFalse(parse(ProxyMode.V2, concat(hex("0d0a0d0a000d0a515549540a 20 00 0000"), REQUEST), REQUEST)
        .hasAddresses());
  }

  @Test
  void v2LocalCommandSkipsTheBytesItsLengthAnnounces() {
    // "Receivers MUST always consider this field to skip the appropriate number of bytes".
    byte[] input = hex("0d0a0d0a000d0a515549540a 20 11 000c 7f000005 7f000001 3039 1f90");
    assertFalse(parse(ProxyMode.V2, concat(input, REQUEST), REQUEST).hasAddresses());
  }

  @Test
  void v2UnspecifiedFamilyOrUnixOrDatagramKeepsThePeerAddress() {
    assertFalse(parse(ProxyMode.V2, hex("0d0a0d0a000d0a515549540a 21 00 0000"), new byte[0]).hasAddresses());
    byte[] unix = concat(hex("0d0a0d0a000d0a515549540a 21 31 00d8"), new byte[216]);
    assertFalse(parse(ProxyMode.V2, concat(unix, REQUEST), REQUEST).hasAddresses());
    byte[] udp = hex("0d0a0d0a000d0a515549540a 21 12 000c 7f000005 7f000001 3039 1f90");
    assertFalse(parse(ProxyMode.V2, udp, new byte[0]).hasAddresses());
  }

  @Test
  void v2Ipv4MappedIpv6SourceIsReportedAsIpv4() {
    byte[] input = hex("0d0a0d0a000d0a515549540a 21 21 0024"
        + "00000000000000000000ffff7f000005" // ::ffff:127.0.0.5
        + "00000000000000000000000000000001 3039 01bb");
    assertEquals(new InetSocketAddress("127.0.0.5", 12345), parse(ProxyMode.V2, input, new byte[0]).source());
  }

  @Test
  void v2SignatureMismatchFailsOnTheFirstWrongByte() {
    rejects(ProxyMode.V2, hex("0d0a0d0a01"), Reason.MALFORMED, "PROXY v2 signature mismatch");
  }

  @Test
  void v2VersionOtherThan2IsRefused() {
    rejects(ProxyMode.V2, hex("0d0a0d0a000d0a515549540a 11"), Reason.MALFORMED, "PROXY v2 version must be 2");
  }

  @Test
  void v2CommandOtherThanLocalOrProxyIsRefused() {
    rejects(ProxyMode.V2, hex("0d0a0d0a000d0a515549540a 22"), Reason.MALFORMED,
        "PROXY v2 command must be LOCAL or PROXY");
  }

  @Test
  void v2UnassignedFamilyOrProtocolIsRefused() {
    rejects(ProxyMode.V2, hex("0d0a0d0a000d0a515549540a 21 41"), Reason.MALFORMED,
        "PROXY v2 address family or protocol is not assigned");
    rejects(ProxyMode.V2, hex("0d0a0d0a000d0a515549540a 21 13"), Reason.MALFORMED,
        "PROXY v2 address family or protocol is not assigned");
  }

  @Test
  void v2BlockShorterThanItsAddressesIsRefused() {
    rejects(ProxyMode.V2, hex("0d0a0d0a000d0a515549540a 21 11 0008 7f000005 7f000001"), Reason.MALFORMED,
        "PROXY v2 block shorter than its addresses");
  }

  @Test
  void v2BlockOverTheCapIsRefusedBeforeItArrives() {
    rejects(ProxyMode.V2, hex("0d0a0d0a000d0a515549540a 21 11 0801"), Reason.OVERSIZED,
        "PROXY v2 block longer than 2048 bytes");
  }

  @Test
  void v2BlockAtTheCapIsAccepted() {
    byte[] input = concat(hex("0d0a0d0a000d0a515549540a 21 11 0800 7f000005 7f000001 3039 1f90"),
        hex("04 07f1"), new byte[2048 - 12 - 3]);
    assertEquals(new InetSocketAddress("127.0.0.5", 12345), parse(ProxyMode.V2, input, new byte[0]).source());
  }

  // ---- modes ----------------------------------------------------------------------------------

  @Test
  void modeV1RefusesAV2HeaderOnItsFirstByte() {
    rejects(ProxyMode.V1, V2_TCP4, Reason.MALFORMED, "Expected a PROXY protocol v1 header");
  }

  @Test
  void modeV2RefusesAV1HeaderOnItsFirstByte() {
    rejects(ProxyMode.V2, ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"), Reason.MALFORMED,
        "Expected a PROXY protocol v2 header");
  }

  @Test
  void modeAnyAcceptsBothVersions() {
    assertEquals(2, parse(ProxyMode.ANY, V2_TCP4, new byte[0]).version());
    assertEquals(1, parse(ProxyMode.ANY, ascii("PROXY UNKNOWN\r\n"), new byte[0]).version());
  }

  @Test
  void modeOffHasNoParser() {
    assertThrows(IllegalArgumentException.class, () -> new ProxyHeaderParser(ProxyMode.OFF));
  }

  @Test
  void partialHeaderWaitsForMoreBytes() throws ProxyHeaderException {
    ProxyHeaderParser parser = new ProxyHeaderParser(ProxyMode.ANY);
    assertNull(parser.feed(Buffer.buffer(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r"))));
    assertNull(parser.feed(Buffer.buffer(hex("0d0a0d0a")).getBuffer(0, 0)));
    assertNotNull(parser.feed(Buffer.buffer(ascii("\n"))));
    assertEquals(0, parser.remainder().length());
  }

  @Test
  void finishedParserMustNotBeFedAgain() throws ProxyHeaderException {
    ProxyHeaderParser parser = new ProxyHeaderParser(ProxyMode.V2);
    assertNotNull(parser.feed(Buffer.buffer(V2_TCP4)));
    assertThrows(IllegalStateException.class, () -> parser.feed(Buffer.buffer(REQUEST)));
    ProxyHeaderParser failed = new ProxyHeaderParser(ProxyMode.V2);
    assertThrows(ProxyHeaderException.class, () -> failed.feed(Buffer.buffer(REQUEST)));
    assertThrows(IllegalStateException.class, () -> failed.feed(Buffer.buffer(REQUEST)));
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Every way of cutting {@code input}: whole, in two at each offset, one byte at a time. */
  private static List<List<Buffer>> cuts(byte[] input) {
    List<List<Buffer>> out = new ArrayList<>();
    out.add(List.of(Buffer.buffer(input)));
    for (int offset = 1; offset < input.length; offset++) {
      out.add(Pieces.at(input, offset));
    }
    out.add(Pieces.oneByteEach(input, 0));
    return out;
  }

  /** The header, the same from every cut; what follows it must be {@code after}. */
  private static ProxyHeader parse(ProxyMode mode, byte[] input, byte[] after) {
    ProxyHeader first = null;
    for (List<Buffer> pieces : cuts(input)) {
      ProxyHeaderParser parser = new ProxyHeaderParser(mode);
      ProxyHeader header = null;
      Buffer rest = Buffer.buffer();
      for (Buffer piece : pieces) {
        if (header != null) {
          rest.appendBuffer(piece);
          continue;
        }
        try {
          header = parser.feed(piece);
        } catch (ProxyHeaderException e) {
          throw new AssertionError("cut into " + pieces.size() + " pieces: " + e.getMessage(), e);
        }
        if (header != null) {
          rest.appendBuffer(parser.remainder());
        }
      }
      assertNotNull(header, "cut into " + pieces.size() + " pieces: no header");
      assertArrayEquals(after, rest.getBytes(), "bytes after the header");
      if (first == null) {
        first = header;
      } else {
        assertEquals(first, header);
      }
    }
    return first;
  }

  /** Refused the same way from every cut, with no header returned before the failure. */
  private static void rejects(ProxyMode mode, byte[] input, Reason reason, String message) {
    for (List<Buffer> pieces : cuts(input)) {
      ProxyHeaderParser parser = new ProxyHeaderParser(mode);
      ProxyHeaderException failure = null;
      for (Buffer piece : pieces) {
        try {
          assertNull(parser.feed(piece), "a header before the failure");
        } catch (ProxyHeaderException e) {
          failure = e;
          break;
        }
      }
      if (failure == null) {
        fail("cut into " + pieces.size() + " pieces: accepted or still waiting");
      }
      assertEquals(message, failure.getMessage());
      assertEquals(reason, failure.reason());
      assertTrue(failure.getStackTrace().length == 0);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
