package io.wsgate.gateway.handshake;

import io.wsgate.gateway.protocol.WebSocketProtocol;
import io.wsgate.gateway.routing.Route;
import io.wsgate.gateway.routing.RouteTable;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a parsed request against the opening handshake rules (RFC 6455 §4.1, §4.2.1) and the
 * route table. The order of checks fixes which status a request with several faults gets.
 * Sec-WebSocket-Extensions is ignored: no extension is negotiated.
 */
public final class HandshakeValidator {

  /** HTTP/1.1 or a later 1.x (RFC 6455 §4.1 requires at least 1.1). */
  private static final Pattern HTTP_1_1_OR_LATER = Pattern.compile("HTTP/1\\.[1-9]");

  private HandshakeValidator() {
  }

  public static Upgrade validate(HandshakeRequest req, RouteTable routes) throws HandshakeException {
    if (!HTTP_1_1_OR_LATER.matcher(req.version()).matches()) {
      throw HandshakeException.badRequest("HTTP/1.1 or later is required (RFC 6455 §4.1)");
    }
    if (!"GET".equals(req.method())) {
      throw HandshakeException.methodNotAllowed("The opening handshake must be a GET (RFC 6455 §4.1)");
    }
    Route route = routes.find(req.path());
    if (route == null) {
      throw HandshakeException.notFound("No route for this path");
    }
    if (req.headerCount("Host") != 1) {
      throw HandshakeException.badRequest("Exactly one Host header is required (RFC 9112 §3.2)");
    }
    if (!HttpSyntax.listContainsIgnoreCase(req.headers("Upgrade"), "websocket")) {
      throw HandshakeException.badRequest("Upgrade header must include websocket (RFC 6455 §4.1)");
    }
    if (!HttpSyntax.listContainsIgnoreCase(req.headers("Connection"), "upgrade")) {
      throw HandshakeException.badRequest("Connection header must include upgrade (RFC 6455 §4.1)");
    }
    checkVersion(req);
    String key = checkKey(req);
    checkOrigin(req, route);
    return new Upgrade(route, selectSubprotocol(req, route), AcceptKey.compute(key));
  }

  private static void checkVersion(HandshakeRequest req) throws HandshakeException {
    List<String> versions = req.headers("Sec-WebSocket-Version");
    if (versions.isEmpty()) {
      throw HandshakeException.badRequest("Sec-WebSocket-Version header is required (RFC 6455 §4.1)");
    }
    if (versions.size() != 1 || !WebSocketProtocol.VERSION.equals(versions.get(0))) {
      throw HandshakeException.upgradeRequired(
          "Sec-WebSocket-Version must be " + WebSocketProtocol.VERSION + " (RFC 6455 §4.2.2)");
    }
  }

  /** The key, trimmed, once known to be the base64 of exactly KEY_BYTES bytes. */
  private static String checkKey(HandshakeRequest req) throws HandshakeException {
    List<String> keys = req.headers("Sec-WebSocket-Key");
    if (keys.size() != 1) {
      throw invalidKey();
    }
    String key = HttpSyntax.trimOws(keys.get(0));
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      throw invalidKey();
    }
    // The JDK decoder tolerates missing padding and non-zero trailing bits; re-encoding insists
    // on the one canonical, padded form.
    if (decoded.length != WebSocketProtocol.KEY_BYTES
        || !Base64.getEncoder().encodeToString(decoded).equals(key)) {
      throw invalidKey();
    }
    return key;
  }

  private static HandshakeException invalidKey() {
    return HandshakeException.badRequest(
        "Sec-WebSocket-Key must be base64 of " + WebSocketProtocol.KEY_BYTES + " bytes (RFC 6455 §4.1)");
  }

  private static void checkOrigin(HandshakeRequest req, Route route) throws HandshakeException {
    List<String> origins = req.headers("Origin");
    // Two Origin lines would let an allowed one mask a forbidden one.
    if (origins.size() > 1) {
      throw HandshakeException.badRequest("Origin header must appear at most once (RFC 6454 §7)");
    }
    String origin = origins.isEmpty() ? null : origins.get(0);
    if (!route.allowsOrigin(origin)) {
      throw HandshakeException.forbidden("Origin not allowed for this route (RFC 6455 §4.2.2)");
    }
  }

  /** The client's most preferred offer that the route speaks (exact match, §4.2.2), or null. */
  private static String selectSubprotocol(HandshakeRequest req, Route route) {
    for (String offered : HttpSyntax.listElements(req.headers("Sec-WebSocket-Protocol"))) {
      if (route.subprotocols().contains(offered)) {
        return offered;
      }
    }
    return null;
  }
}
