package io.wsgate.gateway.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeParserTest {

  private static final int LIMIT = 8192;
  private static final String REQUEST = "GET /chat?room=1&x=%20y HTTP/1.1\r\n"
      + "Host: server.example.com\r\n"
      + "Upgrade: websocket\r\n"
      + "Connection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      + "Sec-WebSocket-Protocol: chat\r\n"
      + "Sec-WebSocket-Protocol: superchat\r\n"
      + "Sec-WebSocket-Version: 13\r\n"
      + "\r\n";

  private static Buffer bytes(String s) {
    return Buffer.buffer(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static HandshakeRequest parseWhole(String s) throws HandshakeException {
    return new HandshakeParser(LIMIT).feed(bytes(s));
  }

  private static int rejectStatus(String s) {
    return assertThrows(HandshakeException.class, () -> parseWhole(s)).status();
  }

  private static void assertIsExpectedRequest(HandshakeRequest req) {
    assertNotNull(req);
    assertEquals("GET", req.method());
    assertEquals("/chat?room=1&x=%20y", req.target());
    assertEquals("/chat", req.path());
    assertEquals("room=1&x=%20y", req.query());
    assertEquals("HTTP/1.1", req.version());
    assertEquals(7, req.headers().size());
    assertEquals("server.example.com", req.header("host"));
    assertEquals("dGhlIHNhbXBsZSBub25jZQ==", req.header("SEC-WEBSOCKET-KEY"));
    assertEquals(List.of("chat", "superchat"), req.headers("Sec-WebSocket-Protocol"));
  }

  @Test
  void tlsClientHelloIsRejectedOnItsFirstByte() {
    // 16 03 01: a TLS handshake record, as sent by a client that speaks wss:// to a ws:// port.
    HandshakeParser parser = new HandshakeParser(LIMIT);
    HandshakeException e = assertThrows(HandshakeException.class,
        () -> parser.feed(Buffer.buffer(new byte[] {0x16})));
    assertEquals(400, e.status());
  }

  @Test
  void methodTokenCharactersAreCheckedAsTheyArrive() throws Exception {
    HandshakeParser parser = new HandshakeParser(LIMIT);
    assertNull(parser.feed(bytes("GE")));
    assertEquals(400, assertThrows(HandshakeException.class, () -> parser.feed(bytes("{"))).status());
    assertEquals(400, rejectStatus(" GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  }

  @Test
  void wholeRequestInOneFeedIsParsed() throws Exception {
    HandshakeParser parser = new HandshakeParser(LIMIT);
    assertIsExpectedRequest(parser.feed(bytes(REQUEST)));
    assertEquals(0, parser.remainder().length());
  }

  @Test
  void requestSplitAtEveryOffsetIsParsedTheSame() throws Exception {
    Buffer all = bytes(REQUEST);
    for (int split = 1; split < all.length(); split++) {
      HandshakeParser parser = new HandshakeParser(LIMIT);
      assertNull(parser.feed(all.getBuffer(0, split)), "split at " + split);
      assertIsExpectedRequest(parser.feed(all.getBuffer(split, all.length())));
      assertEquals(0, parser.remainder().length());
    }
  }

  @Test
  void requestFedOneByteAtATimeIsParsedOnTheLastByte() throws Exception {
    Buffer all = bytes(REQUEST);
    HandshakeParser parser = new HandshakeParser(LIMIT);
    for (int i = 0; i < all.length() - 1; i++) {
      assertNull(parser.feed(all.getBuffer(i, i + 1)), "byte " + i);
    }
    assertIsExpectedRequest(parser.feed(all.getBuffer(all.length() - 1, all.length())));
  }

  @Test
  void framesInTheSameBufferBecomeTheRemainderExactly() throws Exception {
    byte[] frame = {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, '\r', '\n', '\r', '\n'};
    HandshakeParser parser = new HandshakeParser(LIMIT);
    assertIsExpectedRequest(parser.feed(bytes(REQUEST).appendBytes(frame)));
    assertEquals(Buffer.buffer(frame), parser.remainder());
  }

  @Test
  void framesArrivingWithTheLastHeadBytesBecomeTheRemainder() throws Exception {
    Buffer all = bytes(REQUEST);
    HandshakeParser parser = new HandshakeParser(LIMIT);
    assertNull(parser.feed(all.getBuffer(0, all.length() - 3)));
    HandshakeRequest req = parser.feed(all.getBuffer(all.length() - 3, all.length()).appendString("xyz"));
    assertIsExpectedRequest(req);
    assertEquals(Buffer.buffer("xyz"), parser.remainder());
  }

  @Test
  void headOfExactlyTheLimitIsAccepted() throws Exception {
    HandshakeParser parser = new HandshakeParser(bytes(REQUEST).length());
    assertIsExpectedRequest(parser.feed(bytes(REQUEST)));
  }

  @Test
  void headOneByteOverTheLimitIs431() {
    HandshakeParser parser = new HandshakeParser(bytes(REQUEST).length() - 1);
    assertEquals(431, assertThrows(HandshakeException.class, () -> parser.feed(bytes(REQUEST))).status());
  }

  @Test
  void limitPlusOneBytesWithoutTerminatorIs431() throws Exception {
    int limit = 64;
    HandshakeParser parser = new HandshakeParser(limit);
    assertNull(parser.feed(bytes("GET / HTTP/1.1\r\nX: " + "a".repeat(limit - 19))));
    HandshakeException e = assertThrows(HandshakeException.class, () -> parser.feed(bytes("a")));
    assertEquals(431, e.status());
  }

  @Test
  void framesAfterTheHeadDoNotCountTowardsTheLimit() throws Exception {
    HandshakeParser parser = new HandshakeParser(bytes(REQUEST).length());
    assertIsExpectedRequest(parser.feed(bytes(REQUEST).appendBuffer(Buffer.buffer(new byte[1000]))));
    assertEquals(1000, parser.remainder().length());
  }

  @Test
  void feedingAFinishedParserIsAnError() throws Exception {
    HandshakeParser parser = new HandshakeParser(LIMIT);
    parser.feed(bytes(REQUEST));
    assertThrows(IllegalStateException.class, () -> parser.feed(bytes("x")));
  }

  @Test
  void absoluteFormTargetYieldsPathAndQuery() throws Exception {
    HandshakeRequest req = parseWhole("GET ws://example.com:8080/echo?a=b HTTP/1.1\r\nHost: x\r\n\r\n");
    assertEquals("ws://example.com:8080/echo?a=b", req.target());
    assertEquals("/echo", req.path());
    assertEquals("a=b", req.query());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://h/echo", "HTTPS://h/echo", "wss://h:443/echo", "ws://h/echo"})
  void absoluteFormSchemesAreAccepted(String target) throws Exception {
    assertEquals("/echo", parseWhole("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n").path());
  }

  @Test
  void absoluteFormWithoutPathHasRootPath() throws Exception {
    HandshakeRequest req = parseWhole("GET http://h?q HTTP/1.1\r\nHost: h\r\n\r\n");
    assertEquals("/", req.path());
    assertEquals("q", req.query());
  }

  @Test
  void targetWithoutQueryHasNullQuery() throws Exception {
    assertNull(parseWhole("GET /echo HTTP/1.1\r\n\r\n").query());
  }

  @Test
  void targetEndingInQuestionMarkHasEmptyQuery() throws Exception {
    HandshakeRequest req = parseWhole("GET /echo? HTTP/1.1\r\n\r\n");
    assertEquals("/echo", req.path());
    assertEquals("", req.query());
  }

  @Test
  void pathIsKeptRawNotDecoded() throws Exception {
    assertEquals("/a%2Fb", parseWhole("GET /a%2Fb HTTP/1.1\r\n\r\n").path());
  }

  @Test
  void repeatedHeadersAreKeptInOrderAndCounted() throws Exception {
    HandshakeRequest req = parseWhole("GET / HTTP/1.1\r\nX-A: 1\r\nHost: h\r\nx-a: 2\r\nX-A:3\r\n\r\n");
    assertEquals(List.of("1", "2", "3"), req.headers("X-A"));
    assertEquals("1", req.header("x-a"));
    assertEquals(3, req.headerCount("X-a"));
    assertEquals(0, req.headerCount("Missing"));
    assertNull(req.header("Missing"));
    assertEquals(List.of(), req.headers("Missing"));
  }

  @Test
  void headerValueIsTrimmedOfOptionalWhitespace() throws Exception {
    assertEquals("a  b", parseWhole("GET / HTTP/1.1\r\nX: \t a  b \t\r\n\r\n").header("X"));
  }

  @Test
  void emptyHeaderValueIsAllowed() throws Exception {
    assertEquals("", parseWhole("GET / HTTP/1.1\r\nX:\r\n\r\n").header("X"));
  }

  @Test
  void obsTextInHeaderValueIsKept() throws Exception {
    assertEquals("caf\u00e9", parseWhole("GET / HTTP/1.1\r\nX: caf\u00e9\r\n\r\n").header("X"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET /\r\n\r\n",                                 // no version
      "GET  / HTTP/1.1\r\n\r\n",                       // double space
      "GET / HTTP/1.1 \r\n\r\n",                       // trailing space
      "GET\t/ HTTP/1.1\r\n\r\n",                       // tab as separator
      "\r\nGET / HTTP/1.1\r\n\r\n",                    // empty line before request line
      "\r\n\r\n",                                      // empty request line
      "G(T / HTTP/1.1\r\n\r\n",                        // non-token method
      "GET / HTTP/1.10\r\n\r\n",                       // malformed version
      "GET / http/1.1\r\n\r\n",                        // version name is case-sensitive
      "GET / HTTP/11\r\n\r\n",                         // malformed version
  })
  void malformedRequestLineIs400(String head) {
    assertEquals(400, rejectStatus(head));
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "example.com:443", "echo", "ftp://h/echo", "http:///echo",
      "http://user@h/echo", "/echo#frag", "/caf\u00e9"})
  void unsupportedRequestTargetIs400(String target) {
    assertEquals(400, rejectStatus("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n"));
  }

  @Test
  void headerLineWithoutColonIs400() {
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\nHost h\r\n\r\n"));
  }

  @Test
  void whitespaceBeforeColonIs400() {
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\nHost : h\r\n\r\n"));
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\nHost\t: h\r\n\r\n"));
  }

  @Test
  void obsFoldContinuationLineIs400() {
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n"));
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\nX: a\r\n\tb\r\n\r\n"));
  }

  @Test
  void emptyHeaderNameIs400() {
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\n: v\r\n\r\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"X(y", "X/y", "X@y", "X y", "X\u00e9"})
  void nonTokenHeaderNameIs400(String name) {
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\n" + name + ": v\r\n\r\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\u0001b", "a\u007fb"})
  void controlCharacterInHeaderValueIs400(String value) {
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\nX: " + value + "\r\n\r\n"));
  }

  @Test
  void bareLfIs400AsSoonAsItArrivesWithoutWaitingForTheLimit() {
    HandshakeException e = assertThrows(HandshakeException.class,
        () -> new HandshakeParser(LIMIT).feed(bytes("GET / HTTP/1.1\n")));
    assertEquals(400, e.status());
  }

  @Test
  void bareLfInsideHeaderSectionIs400() {
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\nHost: h\n\r\n"));
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\nHost: h\r\n\n"));
  }

  @Test
  void bareCrIs400() {
    assertEquals(400, rejectStatus("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n"));
  }

  @Test
  void bareCrSplitAcrossFeedsIs400() throws Exception {
    HandshakeParser parser = new HandshakeParser(LIMIT);
    assertNull(parser.feed(bytes("GET / HTTP/1.1\r")));
    assertEquals(400, assertThrows(HandshakeException.class, () -> parser.feed(bytes("X"))).status());
  }

  @Test
  void rejectedParserCannotBeFedAgain() {
    HandshakeParser parser = new HandshakeParser(LIMIT);
    assertThrows(HandshakeException.class, () -> parser.feed(bytes("GET / HTTP/1.1\n")));
    assertThrows(IllegalStateException.class, () -> parser.feed(bytes("\r\n")));
  }

  @Test
  void reasonsCiteTheRfc() {
    HandshakeException e = assertThrows(HandshakeException.class,
        () -> parseWhole("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n"));
    assertEquals("Obsolete line folding is not accepted (RFC 9112 §5.2)", e.reason());
  }
}
