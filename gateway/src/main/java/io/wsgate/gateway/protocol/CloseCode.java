package io.wsgate.gateway.protocol;

/**
 * A Close status code (RFC 6455 §7.4). A value type: registered codes have names, and
 * 3000–4999 are open for libraries and applications.
 */
public record CloseCode(int code) {

  public static final CloseCode NORMAL = new CloseCode(1000);
  public static final CloseCode GOING_AWAY = new CloseCode(1001);
  public static final CloseCode PROTOCOL_ERROR = new CloseCode(1002);
  public static final CloseCode UNSUPPORTED_DATA = new CloseCode(1003);
  /** Reserved: "no status code was present". Never sent on the wire. */
  public static final CloseCode NO_STATUS = new CloseCode(1005);
  /** Reserved: "closed without a Close frame". Never sent on the wire. */
  public static final CloseCode ABNORMAL = new CloseCode(1006);
  public static final CloseCode INVALID_PAYLOAD = new CloseCode(1007);
  public static final CloseCode POLICY_VIOLATION = new CloseCode(1008);
  public static final CloseCode MESSAGE_TOO_BIG = new CloseCode(1009);
  public static final CloseCode MANDATORY_EXTENSION = new CloseCode(1010);
  public static final CloseCode INTERNAL_ERROR = new CloseCode(1011);
  public static final CloseCode SERVICE_RESTART = new CloseCode(1012);
  public static final CloseCode TRY_AGAIN_LATER = new CloseCode(1013);
  public static final CloseCode BAD_GATEWAY = new CloseCode(1014);

  private static final int PRIVATE_MIN = 3000;
  private static final int PRIVATE_MAX = 4999;

  /**
   * Whether a code may appear in a Close frame (§7.4.1, §7.4.2): the defined codes that are not
   * reserved for local use (1000–1003, 1007–1014) and the registered/private range 3000–4999.
   */
  public static boolean isValidOnWire(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= PRIVATE_MIN && code <= PRIVATE_MAX);
  }

  public boolean isValidOnWire() {
    return isValidOnWire(code);
  }

  @Override
  public String toString() {
    return Integer.toString(code);
  }
}
