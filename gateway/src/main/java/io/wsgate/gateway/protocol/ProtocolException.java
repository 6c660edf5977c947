package io.wsgate.gateway.protocol;

/** The peer broke a framing rule: close with 1002. */
public final class ProtocolException extends WebSocketException {

  public ProtocolException(String message) {
    super(CloseCode.PROTOCOL_ERROR, message);
  }
}
