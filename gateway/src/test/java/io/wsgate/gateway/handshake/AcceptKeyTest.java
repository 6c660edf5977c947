package io.wsgate.gateway.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AcceptKeyTest {

  @Test
  void rfc6455SampleKeyGivesTheRfcAcceptValue() {
    // RFC 6455 §1.3 and §4.2.2.
    assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.compute("dGhlIHNhbXBsZSBub25jZQ=="));
  }
}
