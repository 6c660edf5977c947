package io.wsgate.gateway.protocol;

import java.io.ByteArrayOutputStream;

/**
 * A reference client-side encoder for tests (RFC 6455 §5.2, §5.3), byte by byte and independent
 * of the gateway's own {@link FrameEncoder} and {@link Masking}.
 */
final class ClientFrames {

  /** How the payload length is written: the shortest form, or a longer one (legal, not minimal). */
  enum LengthForm { MINIMAL, EXTENDED_16, EXTENDED_64 }

  private ClientFrames() {
  }

  /**
   * One masked frame.
   *
   * @param b0 the first header byte: FIN, RSV and opcode
   * @param form EXTENDED_16 falls back to EXTENDED_64 for payloads over 65535 bytes
   */
  static byte[] masked(int b0, byte[] payload, byte[] key, LengthForm form) {
    int n = payload.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream(n + 14);
    out.write(b0);
    if (form == LengthForm.MINIMAL && n <= WebSocketProtocol.PAYLOAD_BYTE_MAX) {
      out.write(WebSocketProtocol.B1_FLAG_MASK | n);
    } else if (form != LengthForm.EXTENDED_64 && n <= WebSocketProtocol.PAYLOAD_SHORT_MAX) {
      out.write(WebSocketProtocol.B1_FLAG_MASK | WebSocketProtocol.PAYLOAD_SHORT);
      out.write(n >>> 8);
      out.write(n & 0xFF);
    } else {
      out.write(WebSocketProtocol.B1_FLAG_MASK | WebSocketProtocol.PAYLOAD_LONG);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) n >>> shift) & 0xFF);
      }
    }
    out.writeBytes(key);
    for (int i = 0; i < n; i++) {
      out.write(payload[i] ^ key[i % 4]);
    }
    return out.toByteArray();
  }
}
