package io.wsgate.gateway.management;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import java.util.function.IntSupplier;

/**
 * The demo chat page under {@code /demo/}: static files plus {@code config.json}, which tells the
 * page where the rooms route listens. The page is on the management port and connects to the
 * WebSocket port, so the socket URL is built from the host the browser used and the actual port.
 */
final class DemoSite {

  static final String PREFIX = "/demo/";

  /** Scripts and styles only from this origin, sockets to any ws/wss host (the WebSocket port is another origin). */
  private static final String CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self';"
      + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final DemoAssets assets;
  private final IntSupplier webSocketPort;
  private final String webSocketPath;
  /** {@code demo.webSocketUrl}: behind a load balancer, the page must connect through it. */
  private final String fixedUrl;

  DemoSite(DemoAssets assets, IntSupplier webSocketPort, String webSocketPath, String fixedUrl) {
    this.assets = assets;
    this.webSocketPort = webSocketPort;
    this.webSocketPath = webSocketPath;
    this.fixedUrl = fixedUrl;
  }

  static boolean handles(String path) {
    return path.equals("/demo") || path.startsWith(PREFIX);
  }

  void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      HttpJson.methodNotAllowed(request, "GET, HEAD");
      return;
    }
    String path = request.path();
    if (path.equals("/demo")) {
      // Relative links in the page (chat.js, config.json) need the trailing slash.
      response.setStatusCode(301).putHeader("Location", PREFIX).end();
      return;
    }
    String name = path.substring(PREFIX.length());
    if (name.equals("config.json")) {
      HttpJson.respond(request, 200, new JsonObject().put("ws", webSocketUrl(request)));
      return;
    }
    DemoAssets.Asset asset = assets.get(name.isEmpty() ? "index.html" : name);
    if (asset == null) {
      HttpJson.error(request, 404, "not found");
      return;
    }
    response.putHeader("Content-Type", asset.contentType())
        .putHeader("Cache-Control", "no-cache")
        .end(asset.content());
  }

  /** {@code demo.webSocketUrl}, else {@code ws://<host the browser asked for>:<WebSocket port><rooms path>}. */
  private String webSocketUrl(HttpServerRequest request) {
    if (fixedUrl != null) {
      return fixedUrl;
    }
    HostAndPort authority = request.authority();
    String host = authority != null ? authority.host() : request.localAddress().host();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 literal
    }
    return "ws://" + host + ":" + webSocketPort.getAsInt() + webSocketPath;
  }
}
