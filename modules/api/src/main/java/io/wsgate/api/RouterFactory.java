package io.wsgate.api;

import io.vertx.core.Deployable;

/**
 * A router the gateway can deploy by name. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.wsgate.api.RouterFactory} and put the jar on the classpath.
 *
 * <p>The gateway deploys one router per route with a config object that {@link RouterConfig}
 * reads: the route name, the address to consume, and the route's {@code options}.
 */
public interface RouterFactory {

  /** The name routes use in config ({@code router: echo}); lowercase, unique on the classpath. */
  String name();

  /** A new router instance (usually a {@code VerticleBase}) for one route. */
  Deployable create();
}
