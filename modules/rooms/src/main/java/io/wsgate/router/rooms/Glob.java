package io.wsgate.router.rooms;

/**
 * Room patterns of the {@code rooms} claim: {@code *} matches any run of characters (none
 * included), everything else matches itself, case-sensitive. Room names cannot contain
 * {@code *}, so no escaping is needed. Linear-time matching: the pattern comes from a token.
 */
final class Glob {

  private Glob() {
  }

  static boolean matches(String pattern, String name) {
    int p = 0;
    int n = 0;
    int star = -1;
    int resume = 0;
    while (n < name.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = n;
      } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
        p++;
        n++;
      } else if (star >= 0) {
        // Let the last star swallow one more character and retry from there.
        p = star + 1;
        n = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
