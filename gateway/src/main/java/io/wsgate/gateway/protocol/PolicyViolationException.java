package io.wsgate.gateway.protocol;

/** The peer violated a server policy (for example a slow consumer): close with 1008. */
public final class PolicyViolationException extends WebSocketException {

  public PolicyViolationException(String message) {
    super(CloseCode.POLICY_VIOLATION, message);
  }
}
