package io.wsgate.gateway.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Routes by exact path. Immutable, shared by every event loop. */
public final class RouteTable {

  private final Map<String, Route> byPath;
  private final List<Route> routes;

  public RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
    Map<String, Route> map = new HashMap<>();
    for (Route route : routes) {
      map.put(route.path(), route);
    }
    this.byPath = Map.copyOf(map);
  }

  /** The route for a request path, or null. */
  public Route find(String path) {
    return byPath.get(path);
  }

  public List<Route> routes() {
    return routes;
  }
}
