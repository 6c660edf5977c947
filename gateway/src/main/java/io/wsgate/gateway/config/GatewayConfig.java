package io.wsgate.gateway.config;

import io.vertx.core.json.JsonObject;
import io.wsgate.gateway.routing.Route;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration, typed and validated. Built once at start-up from the merged
 * vertx-config JSON (file, then environment overrides); every problem names its key.
 */
public record GatewayConfig(ServerSettings server, Limits limits, List<Route> routes, ApiSettings api,
    AuthSettings auth, ClusterSettings cluster, DemoSettings demo) {

  /** Environment variables that override config keys. */
  public static final String ENV_HOST = "WSGATE_HOST";
  public static final String ENV_PORT = "WSGATE_PORT";
  public static final String ENV_MANAGEMENT_PORT = "WSGATE_MANAGEMENT_PORT";
  public static final String ENV_API_KEY = "WSGATE_API_KEY";
  public static final String ENV_DRAIN_DELAY_MS = "WSGATE_DRAIN_DELAY_MS";
  public static final List<String> ENV_KEYS = java.util.stream.Stream.concat(
      java.util.stream.Stream.of(ENV_HOST, ENV_PORT, ENV_MANAGEMENT_PORT, ENV_API_KEY, ENV_DRAIN_DELAY_MS,
          DemoSettings.ENV_WEB_SOCKET_URL),
      ClusterConfig.ENV_KEYS.stream()).toList();

  private static final int MAX_PORT = 65535;
  private static final long MAX_SIZE = Integer.MAX_VALUE - 8;
  private static final long MAX_MILLIS = 24L * 3600 * 1000;
  /** RFC 7230 token characters, the syntax of a subprotocol name (RFC 6455 §4.1). */
  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

  public GatewayConfig {
    routes = List.copyOf(routes);
  }

  /**
   * Reads the merged config. Top-level {@code WSGATE_*} keys (from the environment store)
   * override {@code server.host}, {@code server.port}, {@code server.managementPort} and
   * {@code server.drainDelayMs}.
   */
  public static GatewayConfig parse(JsonObject json) {
    JsonObject merged = json.copy();
    Set<String> known = new HashSet<>(Set.of("server", "limits", "routes", "api", "auth", "cluster", "demo"));
    known.addAll(ENV_KEYS);
    ConfigReader root = new ConfigReader(merged, "");
    root.rejectUnknownKeys(known);
    ServerSettings server = server(root.object("server"), new ConfigReader(pick(merged), ""));
    Limits limits = limits(root.object("limits"));
    AuthSettings auth = root.has("auth") ? AuthConfig.parse(root.object("auth")) : AuthSettings.none();
    List<Route> routes = routes(root, auth);
    ApiSettings api = api(root.object("api"), new ConfigReader(pick(merged), ""), routes);
    ClusterSettings cluster = ClusterConfig.parse(root.object("cluster"), new ConfigReader(pick(merged), ""));
    DemoSettings demo = DemoSettings.parse(root.object("demo"), new ConfigReader(pick(merged), ""));
    return new GatewayConfig(server, limits, routes, api, auth, cluster, demo);
  }

  /** {@code api} is optional: without a key the publish API answers 503. */
  private static ApiSettings api(ConfigReader r, ConfigReader env, List<Route> routes) {
    r.rejectUnknownKeys(Set.of("key", "route", "sender"));
    String key = env.string(ENV_API_KEY, r.string("key", null));
    String route = r.string("route", null);
    if (route != null && routes.stream().noneMatch(candidate -> candidate.name().equals(route))) {
      throw new ConfigException(r.key("route"), "no route named \"" + route + "\"");
    }
    if (key != null && key.length() < 8) {
      throw new ConfigException(env.string(ENV_API_KEY, null) != null ? ENV_API_KEY : r.key("key"),
          "must be at least 8 characters");
    }
    return new ApiSettings(key, route, r.string("sender", "server"), ApiSettings.DEVELOPMENT_KEY.equals(key));
  }

  private static JsonObject pick(JsonObject json) {
    JsonObject env = new JsonObject();
    for (String key : ENV_KEYS) {
      if (json.containsKey(key)) {
        env.put(key, json.getValue(key));
      }
    }
    return env;
  }

  private static ServerSettings server(ConfigReader r, ConfigReader env) {
    r.rejectUnknownKeys(Set.of("host", "port", "managementHost", "managementPort", "eventLoops", "instances",
        "shutdownGraceMs", "tls", "drainDelayMs", "proxyProtocol", "trustedProxies"));
    String host = env.string(ENV_HOST, r.string("host", "0.0.0.0"));
    int port = env.intValue(ENV_PORT, r.intValue("port", 8080, 0, MAX_PORT), 0, MAX_PORT);
    String managementHost = r.string("managementHost", host);
    int managementPort = env.intValue(ENV_MANAGEMENT_PORT, r.intValue("managementPort", 8081, 0, MAX_PORT), 0, MAX_PORT);
    // One event loop per core (the JVM counts the cores this process may run on): a message's
    // trip to its router and back then stays on fewer threads than Vert.x's default of two per core.
    int eventLoops = r.intValue("eventLoops", Runtime.getRuntime().availableProcessors(), 1, 256);
    int instances = r.intValue("instances", eventLoops, 1, 256);
    long grace = r.longValue("shutdownGraceMs", 10_000, 0, MAX_MILLIS);
    if (port != 0 && port == managementPort) {
      throw new ConfigException(r.key("managementPort"), "must differ from server.port (" + port + ")");
    }
    TlsSettings tls = r.has("tls") ? tls(r.object("tls")) : null;
    // 5 s: the shipped haproxy check (inter 1s, fall 2, timeout check 1s) marks the node down in about 3 s.
    long drainDelay = env.longValue(ENV_DRAIN_DELAY_MS, r.longValue("drainDelayMs", 5_000, 0, MAX_MILLIS), 0, MAX_MILLIS);
    ProxySettings proxy = ProxyConfig.parse(r, tls);
    return new ServerSettings(host, port, managementHost, managementPort, eventLoops, instances, grace, tls,
        drainDelay, proxy);
  }

  /** Only located here; Gateway reads the files (and names these keys if it cannot). */
  private static TlsSettings tls(ConfigReader r) {
    r.rejectUnknownKeys(Set.of("certPath", "keyPath"));
    return new TlsSettings(r.requiredString("certPath"), r.requiredString("keyPath"));
  }

  private static Limits limits(ConfigReader r) {
    Set<String> known = new HashSet<>(Set.of("maxHandshakeBytes", "handshakeTimeoutMs", "maxFrameSize",
        "maxMessageSize", "pingIntervalMs", "pingTimeoutMs", "closeTimeoutMs", "writeQueueHighWater", "maxOutboundQueue"));
    known.addAll(ClientLimitsConfig.KEYS);
    r.rejectUnknownKeys(known);
    long maxFrame = r.longValue("maxFrameSize", 16L << 20, 125, MAX_SIZE);
    long maxMessage = r.longValue("maxMessageSize", 16L << 20, 1, MAX_SIZE);
    return new Limits(
        r.intValue("maxHandshakeBytes", 8192, 256, 1 << 20),
        r.longValue("handshakeTimeoutMs", 10_000, 1, MAX_MILLIS),
        maxFrame,
        maxMessage,
        r.longValue("pingIntervalMs", 30_000, 1, MAX_MILLIS),
        r.longValue("pingTimeoutMs", 10_000, 1, MAX_MILLIS),
        r.longValue("closeTimeoutMs", 5_000, 1, MAX_MILLIS),
        r.intValue("writeQueueHighWater", 1 << 20, 1024, Integer.MAX_VALUE),
        r.longValue("maxOutboundQueue", 16L << 20, 0, Long.MAX_VALUE),
        ClientLimitsConfig.parse(r));
  }

  private static List<Route> routes(ConfigReader root, AuthSettings auth) {
    List<ConfigReader> entries = root.objects("routes");
    if (entries.isEmpty()) {
      throw new ConfigException("routes", "at least one route is required");
    }
    List<Route> routes = new ArrayList<>();
    Set<String> paths = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (ConfigReader r : entries) {
      r.rejectUnknownKeys(Set.of("name", "path", "router", "subprotocols", "allowedOrigins", "instances", "options", "auth"));
      String path = r.requiredString("path");
      if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains(" ")) {
        throw new ConfigException(r.key("path"), "must start with '/' and contain no '?', '#' or spaces, got \"" + path + "\"");
      }
      String name = r.string("name", defaultName(path));
      if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
        throw new ConfigException(r.key("name"), "must be lowercase letters, digits, '.', '_' or '-', got \"" + name + "\"");
      }
      if (!paths.add(path)) {
        throw new ConfigException(r.key("path"), "duplicate route path \"" + path + "\"");
      }
      if (!names.add(name)) {
        throw new ConfigException(r.key("name"), "duplicate route name \"" + name + "\"");
      }
      List<String> subprotocols = r.strings("subprotocols");
      for (int i = 0; i < subprotocols.size(); i++) {
        if (!subprotocols.get(i).matches(TOKEN)) {
          throw new ConfigException(r.key("subprotocols") + "[" + i + "]", "must be an HTTP token, got \"" + subprotocols.get(i) + "\"");
        }
      }
      routes.add(new Route(name, path, r.requiredString("router"), subprotocols,
          r.strings("allowedOrigins"), r.intValue("instances", 1, 1, 64), r.rawObject("options"), authMode(r, auth)));
    }
    return routes;
  }

  /** {@code routes[].auth}, off by default; a route asking for tokens needs a key to check them with. */
  private static AuthMode authMode(ConfigReader r, AuthSettings auth) {
    String value = r.string("auth", AuthMode.OFF.wire());
    AuthMode mode = AuthMode.fromWire(value);
    if (mode == null) {
      throw new ConfigException(r.key("auth"), "must be required, optional or off, got \"" + value + "\"");
    }
    if (mode != AuthMode.OFF && !auth.hasKeys()) {
      throw new ConfigException(r.key("auth"), "is " + value + " but no key is configured: set auth.keys or auth.jwksPath");
    }
    return mode;
  }

  /** "/chat/v1" → "chat.v1"; "/" → "root". */
  private static String defaultName(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "").replace('/', '.').toLowerCase(java.util.Locale.ROOT);
    return trimmed.isEmpty() ? "root" : trimmed;
  }
}
