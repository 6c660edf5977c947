package io.wsgate.api;

/** Event-bus header names of the gateway contract. Values are documented on each constant. */
public final class Headers {

  /** Gateway → router: what happened, one of {@link Event}'s wire values. */
  public static final String EVENT = "wsgate-event";

  /** Gateway → router: the connection id; send to {@link Addresses#connection} to answer it. */
  public static final String CONNECTION = "wsgate-conn";

  /** Gateway → router, on open, close and control: the name of the route the connection came in on. */
  public static final String ROUTE = "wsgate-route";

  /** Gateway → router, on open and close: the node the connection lives on (for routing across a cluster). */
  public static final String NODE = "wsgate-node";

  /** Gateway → router, on open: the request path, without the query. */
  public static final String PATH = "wsgate-path";

  /** Gateway → router, on open: the raw query string without '?', absent when there is none. */
  public static final String QUERY = "wsgate-query";

  /** Gateway → router, on open: the Origin header, absent when the client sent none. */
  public static final String ORIGIN = "wsgate-origin";

  /** Gateway → router, on open: the client's address as host:port. */
  public static final String REMOTE_ADDRESS = "wsgate-remote";

  /** Gateway → router, on open: the negotiated subprotocol, absent when none was agreed. */
  public static final String SUBPROTOCOL = "wsgate-subprotocol";

  /**
   * Gateway → router, on open: the route's auth mode, {@code required} or {@code optional};
   * absent when the route has auth off. When present, identity comes from {@link #USER} only.
   */
  public static final String AUTH = "wsgate-auth";

  /**
   * Gateway → router, on open: the verified token's {@code sub}; absent without auth, and for
   * an anonymous connection (optional auth, no token). Never taken from the client as such.
   */
  public static final String USER = "wsgate-user";

  /** Gateway → router, on open: every claim of the verified token as compact JSON; present exactly when {@link #USER} is. */
  public static final String CLAIMS = "wsgate-claims";

  /** Gateway → router on message, and on group publishes: {@link MessageType}'s wire value. */
  public static final String TYPE = "wsgate-type";

  /** Router → gateway: what to do with the connection, one of {@link Action}'s wire values. */
  public static final String ACTION = "wsgate-action";

  /** Router → gateway, with join/leave: the group name. */
  public static final String GROUP = "wsgate-group";

  /** Publish to a group: a connection id that must not receive this message (its sender). */
  public static final String EXCLUDE = "wsgate-exclude";

  /** On close (both directions): the close code as a decimal string. */
  public static final String CLOSE_CODE = "wsgate-close-code";

  /** On close (both directions): the close reason, at most 123 UTF-8 bytes, may be absent. */
  public static final String CLOSE_REASON = "wsgate-close-reason";

  /**
   * A request made with {@link LocalRequests}: the node-local address to send the reply to.
   * Present instead of a Vert.x reply address; answer with {@link LocalRequests#reply}.
   */
  public static final String REPLY_TO = "wsgate-reply-to";

  /** With {@link #REPLY_TO}, and on the reply: which request it answers. */
  public static final String CORRELATION = "wsgate-correlation";

  /** On a {@link LocalRequests} reply: the failure code, when the request failed (body: the message). */
  public static final String FAILURE_CODE = "wsgate-failure-code";

  private Headers() {
  }
}
