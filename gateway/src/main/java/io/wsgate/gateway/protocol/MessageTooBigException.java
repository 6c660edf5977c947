package io.wsgate.gateway.protocol;

/** A frame or message over the configured limit: close with 1009. */
public final class MessageTooBigException extends WebSocketException {

  public MessageTooBigException(String message) {
    super(CloseCode.MESSAGE_TOO_BIG, message);
  }
}
