package io.wsgate.router.rooms;

/**
 * The messages between the rooms routers of a route (JSON objects): what a member node asks a
 * room's or user's owner. Field and op names in one place; docs/protocol.md, "Scaling out".
 */
final class OwnerOps {

  static final String OP = "op";
  static final String JOIN = "join";
  static final String LEAVE = "leave";
  static final String PUBLISH = "publish";
  static final String PRESENCE = "presence";
  static final String LIST = "list";
  static final String ONLINE = "online";
  static final String OFFLINE = "offline";
  static final String DIRECT = "direct";
  /** A node's memberships in rooms (and online users) that moved to this owner. */
  static final String RESYNC = "resync";
  /**
   * A node's complete memberships in the rooms and users this owner has, sent periodically: the
   * owner makes its counts for that node match, announcing what changed.
   */
  static final String SYNC = "sync";
  /** In a sync: the nodes the sender sees alive. */
  static final String VIEW = "view";

  static final String ROOM = "room";
  static final String USER = "user";
  static final String NODE = "node";
  static final String CONNECTION = "conn";
  static final String FROM = "from";
  static final String TO = "to";
  static final String DATA = "data";
  static final String MAX = "max";
  static final String ROOMS = "rooms";
  static final String USERS = "users";
  static final String SEQ = "seq";
  /** In a resync after the room's owner died: the users the member node last knew in the room. */
  static final String KNOWN = "known";
  static final String MEMBERS = "members";
  static final String CONNECTIONS = "connections";
  static final String TRUNCATED = "truncated";
  static final String OK = "ok";
  static final String CODE = "code";
  static final String MESSAGE = "message";

  private OwnerOps() {
  }
}
