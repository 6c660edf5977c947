package io.wsgate.gateway.cluster;

import com.hazelcast.config.Config;
import io.vertx.core.eventbus.EventBusOptions;
import io.wsgate.gateway.config.ClusterSettings;

/** Lets tests in other packages read what {@link ClusterSetup} builds. */
public final class ClusterSetupAccess {

  private ClusterSetupAccess() {
  }

  public static Config hazelcast(ClusterSettings cluster) {
    return ClusterSetup.hazelcast(cluster);
  }

  public static EventBusOptions eventBus(ClusterSettings cluster) {
    return ClusterSetup.eventBus(cluster);
  }
}
