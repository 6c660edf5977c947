package io.wsgate.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code cluster} section, with {@code WSGATE_CLUSTER*} environment overrides so one
 * config file can serve every node of a cluster (each node sets its own host and ports).
 */
final class ClusterConfig {

  static final String ENV_ENABLED = "WSGATE_CLUSTER";
  static final String ENV_NAME = "WSGATE_CLUSTER_NAME";
  static final String ENV_HOST = "WSGATE_CLUSTER_HOST";
  static final String ENV_PORT = "WSGATE_CLUSTER_PORT";
  static final String ENV_PUBLIC_HOST = "WSGATE_CLUSTER_PUBLIC_HOST";
  static final String ENV_MEMBERS = "WSGATE_CLUSTER_MEMBERS";
  static final String ENV_EVENT_BUS_PORT = "WSGATE_EVENTBUS_PORT";
  static final String ENV_EVENT_BUS_PUBLIC_HOST = "WSGATE_EVENTBUS_PUBLIC_HOST";
  static final List<String> ENV_KEYS = List.of(ENV_ENABLED, ENV_NAME, ENV_HOST, ENV_PORT, ENV_PUBLIC_HOST, ENV_MEMBERS,
      ENV_EVENT_BUS_PORT, ENV_EVENT_BUS_PUBLIC_HOST);

  static final String DEFAULT_NAME = "wsgate";
  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 5701;
  static final int DEFAULT_MEMBER_TIMEOUT_SECONDS = 10;
  private static final int MAX_PORT = 65535;
  private static final String NAME = "[A-Za-z0-9._-]{1,64}";
  private static final String MEMBER = "\\[?[0-9A-Za-z.:-]+]?:\\d{1,5}";

  private ClusterConfig() {
  }

  static ClusterSettings parse(ConfigReader r, ConfigReader env) {
    r.rejectUnknownKeys(Set.of("enabled", "name", "host", "port", "publicHost", "publicPort", "members",
        "eventBusHost", "eventBusPort", "eventBusPublicHost", "eventBusPublicPort", "memberTimeoutSeconds"));
    boolean enabled = env.bool(ENV_ENABLED, r.bool("enabled", false));
    String name = env.string(ENV_NAME, r.string("name", DEFAULT_NAME));
    if (!name.matches(NAME)) {
      throw new ConfigException(key(env, ENV_NAME, r, "name"), "must be 1-64 of A-Z a-z 0-9 . _ -, got \"" + name + "\"");
    }
    String host = env.string(ENV_HOST, r.string("host", DEFAULT_HOST));
    if (host.equals("0.0.0.0") || host.equals("::")) {
      // Hazelcast and the event bus announce this address to the other nodes: a wildcard would be
      // useless to them.
      throw new ConfigException(key(env, ENV_HOST, r, "host"),
          "must be an address the other nodes can reach, not the wildcard \"" + host + "\"");
    }
    int port = env.intValue(ENV_PORT, r.intValue("port", DEFAULT_PORT, 1, MAX_PORT), 1, MAX_PORT);
    String publicHost = env.string(ENV_PUBLIC_HOST, r.string("publicHost", host));
    int publicPort = r.intValue("publicPort", port, 1, MAX_PORT);
    List<String> members = members(r, env);
    if (enabled && members.isEmpty()) {
      throw new ConfigException(key(env, ENV_MEMBERS, r, "members"),
          "is required when the cluster is enabled: list at least one member as host:port (this node may be one)");
    }
    String eventBusHost = r.string("eventBusHost", host);
    int eventBusPort = env.intValue(ENV_EVENT_BUS_PORT, r.intValue("eventBusPort", 0, 0, MAX_PORT), 0, MAX_PORT);
    String eventBusPublicHost = env.string(ENV_EVENT_BUS_PUBLIC_HOST, r.string("eventBusPublicHost", publicHost));
    int eventBusPublicPort = r.intValue("eventBusPublicPort", 0, 0, MAX_PORT);
    if (eventBusPort == 0 && eventBusPublicPort != 0) {
      throw new ConfigException(r.key("eventBusPublicPort"), "needs a fixed cluster.eventBusPort");
    }
    int memberTimeout = r.intValue("memberTimeoutSeconds", DEFAULT_MEMBER_TIMEOUT_SECONDS, 2, 600);
    return new ClusterSettings(enabled, name, host, port, publicHost, publicPort, members, eventBusHost, eventBusPort,
        eventBusPublicHost, eventBusPublicPort, memberTimeout);
  }

  private static List<String> members(ConfigReader r, ConfigReader env) {
    String fromEnv = env.string(ENV_MEMBERS, null);
    List<String> members = new ArrayList<>();
    if (fromEnv != null) {
      for (String member : fromEnv.split(",")) {
        if (!member.isBlank()) {
          members.add(member.trim());
        }
      }
    } else {
      members.addAll(r.strings("members"));
    }
    for (int i = 0; i < members.size(); i++) {
      if (!members.get(i).matches(MEMBER)) {
        String key = fromEnv != null ? ENV_MEMBERS : r.key("members") + "[" + i + "]";
        throw new ConfigException(key, "must be host:port, got \"" + members.get(i) + "\"");
      }
    }
    return members;
  }

  /** The key to name in an error: the environment variable when it supplied the value. */
  private static String key(ConfigReader env, String envKey, ConfigReader r, String name) {
    return env.has(envKey) ? envKey : r.key(name);
  }
}
