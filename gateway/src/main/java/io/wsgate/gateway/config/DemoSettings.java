package io.wsgate.gateway.config;

/**
 * The demo chat page on the management port ({@code demo.*}).
 *
 * @param webSocketUrl where the page's socket connects, e.g. the load balancer's
 *     {@code wss://chat.example.com/rooms}; null: this node's WebSocket port, on the host the
 *     browser used for the page
 */
public record DemoSettings(String webSocketUrl) {

  /** The environment variable that overrides {@code demo.webSocketUrl}. */
  public static final String ENV_WEB_SOCKET_URL = "WSGATE_DEMO_WS_URL";

  static DemoSettings parse(ConfigReader r, ConfigReader env) {
    r.rejectUnknownKeys(java.util.Set.of("webSocketUrl"));
    String url = env.string(ENV_WEB_SOCKET_URL, r.string("webSocketUrl", null));
    if (url != null && !url.matches("wss?://[^\\s/?#]+(/[^\\s#]*)?")) {
      throw new ConfigException(env.has(ENV_WEB_SOCKET_URL) ? ENV_WEB_SOCKET_URL : r.key("webSocketUrl"),
          "must be a ws:// or wss:// URL, got \"" + url + "\"");
    }
    return new DemoSettings(url);
  }
}
