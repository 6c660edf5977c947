package io.wsgate.gateway.handshake;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Accumulates raw TCP bytes until the HTTP request head is complete (terminated by CRLF CRLF),
 * then parses it. Push-style: one instance per connection, fed each buffer as it arrives.
 *
 * <p>Line endings are strict: every LF must be preceded by CR and every CR followed by LF. RFC
 * 9112 §2.2 allows a server to accept a bare LF, but accepting it only here while proxies in front
 * of us may not is a request-smuggling risk, and WebSocket clients always send CRLF. Checking
 * while scanning also rejects an LF-only request at once instead of waiting for the size limit.
 * Empty lines before the request line (RFC 9112 §2.2 robustness) are not skipped: they are a 400.
 *
 * <p>Each byte is examined once across feeds. Once a request is returned, or an exception thrown,
 * the parser is finished and must not be fed again.
 */
public final class HandshakeParser {

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  /** The CRLF CRLF that ends the head. */
  private static final int TERMINATOR_BYTES = 4;

  private final int maxHeadBytes;
  private Buffer pending = Buffer.buffer();
  /** Bytes of {@link #pending} already checked; scanning resumes here. */
  private int scanned;
  private Buffer remainder = Buffer.buffer();
  private boolean finished;
  /** Whether the method token has ended (its SP seen); until then every byte must be a tchar. */
  private boolean methodEnded;

  /** @param maxHeadBytes the largest head accepted, counting the final CRLF CRLF */
  public HandshakeParser(int maxHeadBytes) {
    if (maxHeadBytes < TERMINATOR_BYTES) {
      throw new IllegalArgumentException("maxHeadBytes too small: " + maxHeadBytes);
    }
    this.maxHeadBytes = maxHeadBytes;
  }

  /**
   * Adds bytes. Returns the request once the head is complete, null while more bytes are needed.
   *
   * @throws HandshakeException 431 if the head exceeds the limit, 400 if it is malformed
   */
  public HandshakeRequest feed(Buffer bytes) throws HandshakeException {
    if (finished) {
      throw new IllegalStateException("Handshake parser already finished");
    }
    pending.appendBuffer(bytes);
    // Only the first maxHeadBytes can belong to an acceptable head; later bytes may be frames.
    int limit = Math.min(pending.length(), maxHeadBytes);
    for (; scanned < limit; scanned++) {
      byte b = pending.getByte(scanned);
      if (!methodEnded) {
        // Fails non-HTTP input (a TLS ClientHello, a stray binary protocol) on its first byte
        // instead of holding the socket until the handshake timeout.
        if (b == ' ' && scanned > 0) {
          methodEnded = true;
        } else if (!HttpSyntax.isTchar((char) (b & 0xFF))) {
          throw fail(HandshakeException.badRequest("Request line must start with a method token (RFC 9112 §3)"));
        }
      }
      byte previous = scanned > 0 ? pending.getByte(scanned - 1) : 0;
      if (previous == CR && b != LF) {
        throw fail(HandshakeException.badRequest("Bare CR in request head (RFC 9112 §2.2)"));
      }
      if (b == LF) {
        if (previous != CR) {
          throw fail(HandshakeException.badRequest("Bare LF in request head; CRLF required (RFC 9112 §2.2)"));
        }
        // Every LF has its CR, so an LF two bytes back means the bytes end in CRLF CRLF.
        if (scanned >= TERMINATOR_BYTES - 1 && pending.getByte(scanned - 2) == LF) {
          return complete(scanned + 1);
        }
      }
    }
    if (pending.length() > maxHeadBytes) {
      throw fail(HandshakeException.headersTooLarge(
          "Request head larger than " + maxHeadBytes + " bytes"));
    }
    return null;
  }

  /** The bytes received after the head (e.g. the first WebSocket frames); empty if none. */
  public Buffer remainder() {
    return remainder;
  }

  private HandshakeRequest complete(int headEnd) throws HandshakeException {
    finished = true;
    // Header bytes are octets; ISO-8859-1 maps each to one char so nothing is lost or rejected
    // by a decoder (obs-text stays representable).
    String head = new String(pending.getBytes(0, headEnd - TERMINATOR_BYTES),
        StandardCharsets.ISO_8859_1);
    remainder = pending.getBuffer(headEnd, pending.length());
    pending = null;
    return HeadParser.parse(head);
  }

  private HandshakeException fail(HandshakeException e) {
    finished = true;
    pending = null;
    return e;
  }
}
