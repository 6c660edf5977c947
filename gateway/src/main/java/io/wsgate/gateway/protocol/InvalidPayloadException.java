package io.wsgate.gateway.protocol;

/** Data inconsistent with the message type, such as invalid UTF-8 in text: close with 1007. */
public final class InvalidPayloadException extends WebSocketException {

  public InvalidPayloadException(String message) {
    super(CloseCode.INVALID_PAYLOAD, message);
  }
}
