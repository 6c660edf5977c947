package io.wsgate.gateway.management;

import io.vertx.core.json.JsonObject;

/** What /health/ready reports; written by the gateway's lifecycle, read by the management server. */
public final class Readiness {

  private volatile boolean routersDeployed;
  private volatile boolean listening;
  private volatile boolean draining;

  public void routersDeployed() {
    routersDeployed = true;
  }

  public void listening() {
    listening = true;
  }

  /** From now on the node reports not ready, so a load balancer stops sending it clients. */
  public void draining() {
    draining = true;
  }

  public boolean isReady() {
    return routersDeployed && listening && !draining;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("status", isReady() ? "UP" : "DOWN")
        .put("checks", new JsonObject()
            .put("routersDeployed", routersDeployed)
            .put("listening", listening)
            .put("draining", draining));
  }
}
