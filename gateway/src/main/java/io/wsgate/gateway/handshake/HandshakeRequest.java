package io.wsgate.gateway.handshake;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed HTTP request head. Nothing is decoded: path and query are the raw bytes of the
 * request-target (as ISO-8859-1 characters).
 *
 * @param method the method token, case-sensitive (RFC 9110 §9.1)
 * @param target the request-target exactly as received
 * @param path the path of the target without the query, starting with '/'
 * @param query the query without '?', empty if the target ends in '?', null when there is none
 * @param version the HTTP-version, e.g. {@code HTTP/1.1}
 * @param headers every header field in the order received; values trimmed of surrounding whitespace
 */
public record HandshakeRequest(String method, String target, String path, String query,
    String version, List<Header> headers) {

  /** One header field line. */
  public record Header(String name, String value) {
  }

  public HandshakeRequest {
    headers = List.copyOf(headers);
  }

  /** The value of the first field with this name (case-insensitive), or null. */
  public String header(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** The values of every field with this name (case-insensitive), in order received. */
  public List<String> headers(String name) {
    List<String> values = new ArrayList<>();
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        values.add(h.value());
      }
    }
    return values;
  }

  /** How many field lines carry this name (case-insensitive). */
  public int headerCount(String name) {
    int count = 0;
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        count++;
      }
    }
    return count;
  }
}
