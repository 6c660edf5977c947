package io.wsgate.gateway.metrics;

/**
 * Close codes as metric label values. The registered codes keep their number; the open ranges a
 * client may choose from freely are folded to {@code 3xxx} and {@code 4xxx}, so a hostile client
 * cannot create a time series per code.
 */
final class CloseCodeLabel {

  private static final int REGISTERED_MIN = 1000;
  private static final int REGISTERED_MAX = 1015;

  private CloseCodeLabel() {
  }

  static String of(int code) {
    if (code >= REGISTERED_MIN && code <= REGISTERED_MAX) {
      return Integer.toString(code);
    }
    if (code >= 3000 && code <= 3999) {
      return "3xxx";
    }
    if (code >= 4000 && code <= 4999) {
      return "4xxx";
    }
    return "other";
  }
}
