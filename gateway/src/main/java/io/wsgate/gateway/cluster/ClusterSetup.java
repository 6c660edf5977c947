package io.wsgate.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.wsgate.gateway.config.ClusterSettings;

/**
 * Turns {@code cluster.*} into a clustered Vert.x: Hazelcast configured in code (TCP/IP join
 * with the listed members, no multicast, no autodetection, explicit bind and public addresses)
 * and an event bus bound to the configured host, never to whatever interface a lookup of the
 * host name returns.
 */
public final class ClusterSetup {

  private ClusterSetup() {
  }

  /** Builds a Vert.x that has joined the cluster; fails when Hazelcast or the event bus cannot start. */
  public static Future<Vertx> join(VertxBuilder builder, VertxOptions options, ClusterSettings cluster) {
    options.setEventBusOptions(eventBus(cluster));
    return builder.with(options).withClusterManager(new HazelcastClusterManager(hazelcast(cluster))).buildClustered();
  }

  static EventBusOptions eventBus(ClusterSettings cluster) {
    EventBusOptions options = new EventBusOptions()
        .setHost(cluster.eventBusHost())
        .setPort(cluster.eventBusPort())
        .setClusterPublicHost(cluster.eventBusPublicHost());
    if (cluster.eventBusPublicPort() != 0) {
      options.setClusterPublicPort(cluster.eventBusPublicPort());
    }
    return options;
  }

  static Config hazelcast(ClusterSettings cluster) {
    Config config = new Config();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Failure detection: a node killed without leaving is dropped after this long, and with it
    // its event-bus registrations (docs/cluster.md, "When a node dies").
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(cluster.memberTimeoutSeconds()));
    // Bind to the configured address only, not to every interface.
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.local.localAddress", cluster.host());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.setPublicAddress(cluster.publicHost() + ":" + cluster.publicPort());
    network.getInterfaces().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return config;
  }
}
