package io.wsgate.gateway.protocol;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The body of a Close frame (RFC 6455 §5.5.1): nothing, or a 2-byte code and a UTF-8 reason.
 *
 * @param code the code, or {@link CloseCode#NO_STATUS} when the body was empty
 * @param reason the reason, empty when absent
 */
public record ClosePayload(CloseCode code, String reason) {

  /** Validates a received Close body. */
  public static ClosePayload parse(Buffer body) {
    int length = body.length();
    if (length == 0) {
      return new ClosePayload(CloseCode.NO_STATUS, "");
    }
    if (length < WebSocketProtocol.CLOSE_CODE_BYTES) {
      throw new ProtocolException("close payload of 1 byte (RFC 6455 §5.5.1)");
    }
    int code = body.getUnsignedShort(0);
    if (!CloseCode.isValidOnWire(code)) {
      throw new ProtocolException("close code " + code + " is not valid on the wire (RFC 6455 §7.4)");
    }
    Buffer reason = body.getBuffer(WebSocketProtocol.CLOSE_CODE_BYTES, length);
    if (!Utf8Validator.isValid(reason)) {
      throw new InvalidPayloadException("close reason is not valid UTF-8 (RFC 6455 §5.5.1)");
    }
    return new ClosePayload(new CloseCode(code), reason.toString(StandardCharsets.UTF_8));
  }

  /**
   * The body to send: code plus reason, the reason cut at a character boundary to fit in a
   * control frame. {@link CloseCode#NO_STATUS} gives an empty body.
   */
  public Buffer encode() {
    if (code.equals(CloseCode.NO_STATUS)) {
      return Buffers.empty();
    }
    byte[] text = truncateUtf8(reason, WebSocketProtocol.CLOSE_REASON_MAX_BYTES);
    Buffer out = Buffer.buffer(WebSocketProtocol.CLOSE_CODE_BYTES + text.length);
    out.appendUnsignedShort(code.code());
    out.appendBytes(text);
    return out;
  }

  static byte[] truncateUtf8(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return bytes;
    }
    int end = maxBytes;
    // Step back over continuation bytes (10xxxxxx) so no code point is cut in half.
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    byte[] cut = new byte[end];
    System.arraycopy(bytes, 0, cut, 0, end);
    return cut;
  }
}
