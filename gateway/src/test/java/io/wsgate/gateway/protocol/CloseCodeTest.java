package io.wsgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Close status codes may appear on the wire (RFC 6455 §7.4.1, §7.4.2). */
class CloseCodeTest {

  @ParameterizedTest(name = "{0} ({2}): valid on the wire = {1}")
  @CsvSource({
      "-1,    false, negative",
      "0,     false, unused (0-999)",
      "999,   false, unused (0-999)",
      "1000,  true,  normal closure",
      "1001,  true,  going away",
      "1002,  true,  protocol error",
      "1003,  true,  unsupported data",
      "1004,  false, reserved",
      "1005,  false, no status: local only",
      "1006,  false, abnormal closure: local only",
      "1007,  true,  invalid payload data",
      "1008,  true,  policy violation",
      "1009,  true,  message too big",
      "1010,  true,  mandatory extension",
      "1011,  true,  internal error",
      "1012,  true,  service restart (IANA)",
      "1013,  true,  try again later (IANA)",
      "1014,  true,  bad gateway (IANA)",
      "1015,  false, TLS handshake failure: local only",
      "1016,  false, unassigned in 1000-2999",
      "2999,  false, unassigned in 1000-2999",
      "3000,  true,  first registered code",
      "3999,  true,  last registered code",
      "4000,  true,  first private code",
      "4999,  true,  last private code",
      "5000,  false, above 4999",
      "65535, false, largest 16-bit value",
  })
  void isValidOnWire(int code, boolean valid, String label) {
    assertEquals(valid, CloseCode.isValidOnWire(code), label);
    assertEquals(valid, new CloseCode(code).isValidOnWire(), label);
  }

  @Test
  void namedCodesHaveTheirRfcValues() {
    assertEquals(1000, CloseCode.NORMAL.code());
    assertEquals(1001, CloseCode.GOING_AWAY.code());
    assertEquals(1002, CloseCode.PROTOCOL_ERROR.code());
    assertEquals(1003, CloseCode.UNSUPPORTED_DATA.code());
    assertEquals(1005, CloseCode.NO_STATUS.code());
    assertEquals(1006, CloseCode.ABNORMAL.code());
    assertEquals(1007, CloseCode.INVALID_PAYLOAD.code());
    assertEquals(1008, CloseCode.POLICY_VIOLATION.code());
    assertEquals(1009, CloseCode.MESSAGE_TOO_BIG.code());
    assertEquals(1010, CloseCode.MANDATORY_EXTENSION.code());
    assertEquals(1011, CloseCode.INTERNAL_ERROR.code());
    assertEquals(1012, CloseCode.SERVICE_RESTART.code());
    assertEquals(1013, CloseCode.TRY_AGAIN_LATER.code());
    assertEquals(1014, CloseCode.BAD_GATEWAY.code());
  }

  @Test
  void exceptionsCarryTheirCloseCodes() {
    assertEquals(1002, new ProtocolException("x").closeCode().code());
    assertEquals(1007, new InvalidPayloadException("x").closeCode().code());
    assertEquals(1008, new PolicyViolationException("x").closeCode().code());
    assertEquals(1009, new MessageTooBigException("x").closeCode().code());
  }
}
