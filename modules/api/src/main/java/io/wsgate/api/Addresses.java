package io.wsgate.api;

/**
 * Event-bus addresses of the gateway contract. See docs/event-bus.md.
 *
 * <p>Route and event-loop addresses are local to a node: the gateway hands a connection's messages
 * to the router deployed on the same node, and takes commands for its connections on one
 * {@code localConsumer} per event loop, so nothing is registered per connection. Group
 * addresses are node-local too; {@link ClusterGroups} reaches a group on every node through one
 * cluster-wide address per route.
 */
public final class Addresses {

  /** Prefix of the address a route's router consumes: {@code wsgate.route.<route name>}. */
  public static final String ROUTE_PREFIX = "wsgate.route.";

  /**
   * Prefix of the address of one event loop of the gateway, {@code wsgate.loop.<node>-<loop>}:
   * it takes the commands for the connections that loop holds (see {@link #connection}).
   */
  public static final String LOOP_PREFIX = "wsgate.loop.";

  /** Prefix of a group's address: {@code wsgate.group.<group name>}. */
  public static final String GROUP_PREFIX = "wsgate.group.";

  /**
   * Prefix of a route's cluster-wide fan-out address, {@code wsgate.fanout.<route name>}: the one
   * address per route and node that {@link ClusterGroups} registers across the cluster.
   */
  public static final String FAN_OUT_PREFIX = "wsgate.fanout.";

  private Addresses() {
  }

  /** The address the gateway sends a route's connection events and messages to. */
  public static String route(String routeName) {
    return ROUTE_PREFIX + routeName;
  }

  /**
   * The address where a route's router answers server-side requests (the management publish API
   * sends JSON requests here with {@code request}): {@code wsgate.route.<route name>.api}.
   */
  public static String routeApi(String routeName) {
    return ROUTE_PREFIX + routeName + ".api";
  }

  /**
   * The address a router sends a command for one connection to: the address of the gateway
   * event loop that holds it, {@code wsgate.loop.<node>-<loop>} (connection ids are
   * {@code <node>-<loop>-<sequence>}). The command names the connection: a {@link CommandBatch}
   * entry, or the {@link Headers#CONNECTION} header.
   *
   * @throws IllegalArgumentException for an id the gateway did not make
   */
  public static String connection(String connectionId) {
    String loop = loop(connectionId);
    if (loop == null) {
      throw new IllegalArgumentException("not a connection id of the gateway: " + connectionId);
    }
    return loop;
  }

  /**
   * The address of the gateway event loop that holds a connection: the id without its last part,
   * after {@link #LOOP_PREFIX}. Null for an id of another shape.
   */
  public static String loop(String connectionId) {
    int length = loopPrefixLength(connectionId);
    return length < 0 ? null : LOOP_PREFIX + connectionId.substring(0, length);
  }

  /** Where the sequence part of a connection id starts (its last '-'), or -1 if it has no loop part. */
  static int loopPrefixLength(String connectionId) {
    int last = connectionId.lastIndexOf('-');
    return last > 0 && connectionId.lastIndexOf('-', last - 1) > 0 ? last : -1;
  }

  /** A route's cluster-wide fan-out address (see {@link ClusterGroups}). */
  public static String fanOut(String routeName) {
    return FAN_OUT_PREFIX + routeName;
  }

  /** The address to publish to in order to reach every connection in a group on this node. */
  public static String group(String groupName) {
    return GROUP_PREFIX + groupName;
  }
}
