package io.wsgate.router.rooms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The rooms router's meters, registered in the registry the gateway exports (Micrometer's global
 * registry in the running gateway). Labelled by route only: never a room or user name.
 */
final class RoomsMetrics {

  private final MeterRegistry registry;
  private final List<Meter> meters;
  private final Counter messages;
  private final Counter deliveries;

  private RoomsMetrics(MeterRegistry registry, List<Meter> meters, Counter messages, Counter deliveries) {
    this.registry = registry;
    this.meters = meters;
    this.messages = messages;
    this.deliveries = deliveries;
  }

  static RoomsMetrics register(MeterRegistry registry, String route, RoomRegistry rooms, IntSupplier nodes) {
    Gauge nodeCount = Gauge.builder("wsgate.rooms.nodes", nodes::getAsInt)
        .description("Rooms routers of the route this node sees alive, itself included (1 on a single node)")
        .tag("route", route).register(registry);
    Gauge open = Gauge.builder("wsgate.rooms.open", rooms, RoomRegistry::roomCount)
        .description("Rooms with at least one member, owned by this node (sum over nodes in a cluster)").tag("route", route).register(registry);
    Gauge members = Gauge.builder("wsgate.rooms.members", rooms, RoomRegistry::membershipCount)
        .description("Users present in rooms, summed over the rooms this node owns").tag("route", route).register(registry);
    Counter messages = Counter.builder("wsgate.rooms.messages")
        .description("Room messages published (by clients and through the publish API)")
        .tag("route", route).register(registry);
    Counter deliveries = Counter.builder("wsgate.rooms.fanout")
        .description("Room messages fanned out: each message counted once per user in the room")
        .tag("route", route).register(registry);
    return new RoomsMetrics(registry, List.of(nodeCount, open, members, messages, deliveries), messages, deliveries);
  }

  void published(int usersInRoom) {
    messages.increment();
    deliveries.increment(usersInRoom);
  }

  /** On undeploy: a redeployed router registers fresh gauges bound to its own state. */
  void remove() {
    for (Meter meter : meters) {
      registry.remove(meter);
    }
  }
}
