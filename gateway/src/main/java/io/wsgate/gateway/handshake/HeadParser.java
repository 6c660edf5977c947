package io.wsgate.gateway.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses a complete request head (request line and field lines, without the final empty line)
 * into a {@link HandshakeRequest} (RFC 9112 §2–§5). Line endings were already checked to be CRLF
 * by {@link HandshakeParser}.
 */
final class HeadParser {

  private static final String CRLF = "\r\n";
  private static final char SP = ' ';
  private static final char DEL = 0x7F;
  /** HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3); the name is case-sensitive. */
  private static final Pattern HTTP_VERSION = Pattern.compile("HTTP/[0-9]\\.[0-9]");

  private HeadParser() {
  }

  static HandshakeRequest parse(String head) throws HandshakeException {
    String[] lines = head.split(CRLF, -1);
    String requestLine = lines[0];

    // request-line = method SP request-target SP HTTP-version, single spaces (RFC 9112 §3).
    int sp1 = requestLine.indexOf(SP);
    int sp2 = sp1 < 0 ? -1 : requestLine.indexOf(SP, sp1 + 1);
    if (sp1 < 0 || sp2 < 0 || requestLine.indexOf(SP, sp2 + 1) >= 0) {
      throw HandshakeException.badRequest("Malformed request line (RFC 9112 §3)");
    }
    String method = requestLine.substring(0, sp1);
    String target = requestLine.substring(sp1 + 1, sp2);
    String version = requestLine.substring(sp2 + 1);
    if (!HttpSyntax.isToken(method)) {
      throw HandshakeException.badRequest("Method must be a token (RFC 9110 §9.1)");
    }
    if (target.isEmpty() || !isVisibleAscii(target)) {
      throw HandshakeException.badRequest("Malformed request target (RFC 9112 §3.2)");
    }
    if (!isHttpVersion(version)) {
      throw HandshakeException.badRequest("Malformed HTTP version (RFC 9112 §2.3)");
    }
    RequestTarget parsed = RequestTarget.parse(target);

    List<HandshakeRequest.Header> headers = new ArrayList<>(lines.length - 1);
    for (int i = 1; i < lines.length; i++) {
      headers.add(parseField(lines[i]));
    }
    return new HandshakeRequest(method, target, parsed.path(), parsed.query(), version, headers);
  }

  /** field-line = field-name ":" OWS field-value OWS (RFC 9112 §5). */
  private static HandshakeRequest.Header parseField(String line) throws HandshakeException {
    if (HttpSyntax.isOws(line.charAt(0))) {
      // A line starting with whitespace would be obs-fold, which we do not support (RFC 9112 §5.2).
      throw HandshakeException.badRequest("Obsolete line folding is not accepted (RFC 9112 §5.2)");
    }
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw HandshakeException.badRequest("Header line without ':' (RFC 9112 §5)");
    }
    if (colon == 0) {
      throw HandshakeException.badRequest("Empty header field name (RFC 9112 §5)");
    }
    String name = line.substring(0, colon);
    if (HttpSyntax.isOws(name.charAt(name.length() - 1))) {
      // Must be rejected: proxies disagree on what such a name means (request smuggling).
      throw HandshakeException.badRequest("Whitespace before ':' in a header line (RFC 9112 §5.1)");
    }
    if (!HttpSyntax.isToken(name)) {
      throw HandshakeException.badRequest("Header field name must be a token (RFC 9110 §5.1)");
    }
    String value = HttpSyntax.trimOws(line.substring(colon + 1));
    if (!isFieldValue(value)) {
      throw HandshakeException.badRequest("Control character in a header value (RFC 9110 §5.5)");
    }
    return new HandshakeRequest.Header(name, value);
  }

  private static boolean isHttpVersion(String v) {
    return HTTP_VERSION.matcher(v).matches();
  }

  private static boolean isVisibleAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= SP || c >= DEL) {
        return false;
      }
    }
    return true;
  }

  /** field-value characters: VCHAR, SP, HTAB and obs-text; no other controls, no DEL. */
  private static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < SP && c != '\t') || c == DEL) {
        return false;
      }
    }
    return true;
  }
}
