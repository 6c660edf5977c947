package io.wsgate.router.rooms;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rooms route's {@code options} (docs/protocol.md, "Options"), read once at deployment.
 * Unknown keys and out-of-range values fail the deployment, naming the key.
 *
 * @param maxRoomsPerConnection rooms one connection may be in at once ({@code too_many_rooms} beyond)
 * @param maxMembersPerRoom users one room may hold ({@code room_full} for the next one)
 * @param heartbeatMs in a cluster, how often each node tells the others it is alive
 * @param nodeTimeoutMs in a cluster, how long a silent node is still counted: after that its
 *     users leave presence and its rooms move to other nodes
 * @param requestTimeoutMs in a cluster, how long to wait for a room's owner on another node
 */
record RoomsOptions(int maxRoomsPerConnection, int maxMembersPerRoom, long heartbeatMs, long nodeTimeoutMs,
    long requestTimeoutMs) {

  static final RoomsOptions DEFAULTS = new RoomsOptions(256, 100_000, 1_000, 5_000, 5_000);

  private static final Set<String> KEYS = Set.of("maxRoomsPerConnection", "maxMembersPerRoom", "heartbeatMs",
      "nodeTimeoutMs", "requestTimeoutMs");

  static RoomsOptions parse(String route, JsonObject options) {
    for (String key : options.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw invalid(route, key, "unknown option (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
      }
    }
    int rooms = (int) number(route, options, "maxRoomsPerConnection", DEFAULTS.maxRoomsPerConnection, 1, 100_000);
    int members = (int) number(route, options, "maxMembersPerRoom", DEFAULTS.maxMembersPerRoom, 1, 10_000_000);
    long heartbeat = number(route, options, "heartbeatMs", DEFAULTS.heartbeatMs, 100, 60_000);
    long timeout = number(route, options, "nodeTimeoutMs", DEFAULTS.nodeTimeoutMs, 300, 600_000);
    if (timeout < 3 * heartbeat) {
      throw invalid(route, "nodeTimeoutMs", "must be at least 3 heartbeats (3 x heartbeatMs = " + 3 * heartbeat
          + "), got " + timeout);
    }
    long request = number(route, options, "requestTimeoutMs", DEFAULTS.requestTimeoutMs, 100, 600_000);
    return new RoomsOptions(rooms, members, heartbeat, timeout, request);
  }

  private static long number(String route, JsonObject options, String key, long fallback, long min, long max) {
    Object value = options.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw invalid(route, key, "must be a whole number, got " + value);
    }
    long parsed = ((Number) value).longValue();
    if (parsed < min || parsed > max) {
      throw invalid(route, key, "must be between " + min + " and " + max + ", got " + parsed);
    }
    return parsed;
  }

  private static IllegalArgumentException invalid(String route, String key, String problem) {
    return new IllegalArgumentException("routes[" + route + "].options." + key + ": " + problem);
  }
}
