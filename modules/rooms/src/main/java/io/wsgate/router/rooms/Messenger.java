package io.wsgate.router.rooms;

/** Room messages, direct messages and presence events, shared by client requests and the server-side API. */
final class Messenger {

  private final RoomRegistry registry;
  private final Delivery delivery;
  private final RoomsMetrics metrics;

  Messenger(RoomRegistry registry, Delivery delivery, RoomsMetrics metrics) {
    this.registry = registry;
    this.delivery = delivery;
    this.metrics = metrics;
  }

  /**
   * Sends {@code data} (encoded JSON) to every connection in the room, sender included, with the
   * room's next seq: one encoding, one group publish.
   *
   * @return the seq, or 0 when the room has no members (nothing is sent, no room is created)
   */
  long publish(String room, String from, String data) {
    RoomRegistry.Room entry = registry.room(room);
    if (entry == null) {
      return 0;
    }
    long seq = entry.nextSeq();
    delivery.toRoom(room, Replies.message(room, from, seq, data), null);
    metrics.published(entry.userCount());
    return seq;
  }

  /**
   * Sends {@code data} to every connection of user {@code to}: one group publish.
   *
   * @return the number of connections it goes to; 0 when the user is offline (nothing is sent)
   */
  int direct(String to, String from, String data) {
    int connections = registry.connectionsOf(to);
    if (connections > 0) {
      delivery.toUser(to, Replies.direct(from, data));
    }
    return connections;
  }

  /**
   * Tells the room's other members that a user came ({@code join}, after its first connection
   * joined) or went ({@code leave}, after its last one left); nobody to tell in a room of one.
   */
  void announce(String room, String event, String user, String excludeConnectionId) {
    RoomRegistry.Room entry = registry.room(room);
    // A joining user is already counted in the room, a leaving one no longer is.
    int others = entry == null ? 0 : entry.userCount() - ("join".equals(event) ? 1 : 0);
    if (others > 0) {
      delivery.toRoom(room, Replies.presenceEvent(room, event, user), excludeConnectionId);
    }
  }
}
