package io.wsgate.gateway.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.wsgate.api.Action;
import io.wsgate.api.Event;
import io.wsgate.api.Headers;
import io.wsgate.api.LocalRequests;
import io.wsgate.api.MessageType;
import io.wsgate.gateway.auth.Authenticator;
import io.wsgate.gateway.auth.Identity;
import io.wsgate.gateway.config.AuthMode;
import io.wsgate.gateway.config.Limits;
import io.wsgate.gateway.handshake.HandshakeException;
import io.wsgate.gateway.handshake.HandshakeParser;
import io.wsgate.gateway.handshake.HandshakeRequest;
import io.wsgate.gateway.handshake.HandshakeResponses;
import io.wsgate.gateway.handshake.HandshakeValidator;
import io.wsgate.gateway.handshake.Upgrade;
import io.wsgate.gateway.limits.Admission;
import io.wsgate.gateway.limits.InboundRate;
import io.wsgate.gateway.metrics.ClosedBy;
import io.wsgate.gateway.metrics.LimitKind;
import io.wsgate.gateway.metrics.RouteMeters;
import io.wsgate.gateway.protocol.Buffers;
import io.wsgate.gateway.protocol.ClosePayload;
import io.wsgate.gateway.protocol.CloseCode;
import io.wsgate.gateway.protocol.Frame;
import io.wsgate.gateway.protocol.FrameEncoder;
import io.wsgate.gateway.protocol.FrameParser;
import io.wsgate.gateway.protocol.MessageAssembler;
import io.wsgate.gateway.protocol.MessageListener;
import io.wsgate.gateway.protocol.OpCode;
import io.wsgate.gateway.protocol.WebSocketException;
import io.wsgate.gateway.routing.Route;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket, from the first handshake byte to the TCP close. Lives on the event loop
 * that accepted it: every callback here runs on that thread, so no state is shared or locked.
 *
 * <p>Lifecycle: HANDSHAKE → (AUTHENTICATING, checking the token on routes with auth) → OPEN →
 * (CLOSE_SENT, waiting for the client's Close) → TERMINATING (closing TCP once the last bytes are
 * flushed) → CLOSED. When the client closes or breaks the
 * protocol after handing the router messages, AWAITING_ROUTER first lets the router's replies to
 * those messages out (see {@link RouterControl}). Timeouts are enforced by
 * {@link #onTick}, called by the verticle's sweeper, not by a timer per connection; only a
 * token's expiry has a timer of its own, and only when the token has {@code exp}.
 */
final class Connection implements MessageListener {

  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

  private enum State { HANDSHAKE, AUTHENTICATING, OPEN, AWAITING_ROUTER, CLOSE_SENT, TERMINATING, CLOSED }

  private final NetSocket socket;
  /** Who the client is: the TCP peer, or the client a trusted proxy's PROXY header names. */
  private final SocketAddress clientAddress;
  private final ServerContext server;
  /** This event loop's connections, route batcher and command address. */
  private final EventLoopState loop;
  private final Limits limits;
  private final Consumer<Connection> onClosed;
  /** This event loop's token checker; null when no auth keys are configured. */
  private final Authenticator authenticator;
  private final String id;

  private State state = State.HANDSHAKE;
  private HandshakeParser handshake;
  /** While AUTHENTICATING: bytes after the request (early frames), fed once the 101 is out. */
  private Buffer earlyBytes;
  private FrameParser parser;
  private MessageAssembler assembler;
  private Route route;
  private String routeAddress;
  /** This loop's queue of messages for the route. */
  private RouteBatcher.Queue routeQueue;
  private RouteMeters meters;
  /** Groups this connection is in; null until the first join. */
  private Set<String> groups;
  /** This connection's place in the node's connection counts, held from the 101 to the TCP close. */
  private Admission.Slot slot;
  /** Message and byte rates; set at the 101. */
  private InboundRate inboundRate;
  /** The timer closing the connection when its token expires; -1 when there is none. */
  private long expiryTimer = -1;
  /** The Vert.x running that timer. */
  private Vertx timers;

  /**
   * Whether reads are the transport's own buffers, released after {@link #onBytes} returns: then
   * the parser copies every payload out (it unmasks in place only in buffers that are ours).
   */
  private boolean readsInPlace;
  /** Whether the router was handed a message it may still be answering. */
  private boolean routerMayReply;
  /** Set by every read, cleared by the sweeper: cheaper than a clock read per buffer. */
  private boolean sawInbound;
  private long lastInboundAt;
  private long pingSentAt = -1;
  /** When the current state started (handshake start, Close sent, termination start). */
  private long stateSince;

  private boolean outputBlocked;
  /** Bytes Vert.x holds in its own queue while the channel is not writable. */
  private long heldByVertx;
  /** Outbound frames of the current event-loop turn; every frame after the 101 goes through it. */
  private final OutboundBatch outbound;

  /** What the router is told in the close event: the Close received, or the one we sent. */
  private CloseCode closeCode = CloseCode.ABNORMAL;
  private String closeReason = "";
  private ClosedBy closedBy = ClosedBy.ABNORMAL;

  /**
   * @param clientAddress the client's address: {@code socket.remoteAddress()}, or the one a trusted
   *     proxy's PROXY header named
   * @param now when the socket was accepted; the handshake timeout counts from there
   */
  Connection(NetSocket socket, SocketAddress clientAddress, ServerContext server, EventLoopState loop,
      Authenticator authenticator, long now, Consumer<Connection> onClosed) {
    this.socket = socket;
    this.clientAddress = clientAddress;
    this.server = server;
    this.loop = loop;
    this.authenticator = authenticator;
    this.limits = server.limits();
    this.onClosed = onClosed;
    this.id = loop.nextConnectionId();
    this.handshake = new HandshakeParser(limits.maxHandshakeBytes());
    this.outbound = new OutboundBatch(socket, this::afterWrite);
    this.stateSince = now;
    this.lastInboundAt = now;
  }

  void start() {
    start(Buffers.empty());
  }

  /** @param received bytes already read from the socket (after a PROXY header), handled first */
  void start(Buffer received) {
    socket.setWriteQueueMaxSize(limits.writeQueueHighWater());
    // Buffers Vert.x already queued (behind a PROXY header) come through handler; new reads in place.
    socket.handler(this::onBytes);
    readsInPlace = Transport.readInPlace(socket, this::onBytes);
    Transport.onWritable(socket, this::onDrain);
    socket.closeHandler(v -> onSocketClosed());
    socket.exceptionHandler(e -> Transport.abort(socket));
    socket.shutdownHandler(v -> onShutdown());
    if (received.length() > 0) {
      onBytes(received);
    }
  }

  String id() {
    return id;
  }

  /**
   * The client's address, for logs, the router's {@code wsgate-remote} and per-client decisions:
   * behind a load balancer with {@code server.proxyProtocol} on, the client the trusted proxy
   * named, not the proxy. The only identity of the peer; nothing reads {@code socket.remoteAddress()}
   * for it.
   */
  SocketAddress clientAddress() {
    return clientAddress;
  }

  /** Whether reading is paused because the client is not keeping up. */
  boolean isOutputBlocked() {
    return outputBlocked;
  }

  /** Bytes queued for this client (read by the sweeper for the outbound-queue gauge). */
  long pendingWriteBytes() {
    return Transport.pendingWriteBytes(socket);
  }

  // ---- inbound bytes ------------------------------------------------------------------------

  private void onBytes(Buffer bytes) {
    sawInbound = true;
    if (state == State.HANDSHAKE) {
      onHandshakeBytes(bytes);
    } else if (state == State.AUTHENTICATING) {
      // The socket is paused meanwhile; this only catches bytes already on their way.
      earlyBytes.appendBuffer(bytes);
    } else if (state == State.OPEN || state == State.CLOSE_SENT) {
      feedFrames(bytes);
    }
  }

  private void onHandshakeBytes(Buffer bytes) {
    Upgrade upgrade;
    HandshakeRequest request;
    try {
      request = handshake.feed(bytes);
      if (request == null) {
        return;
      }
      server.admission().countHandshake(clientAddress());
      upgrade = HandshakeValidator.validate(request, server.routes());
    } catch (HandshakeException e) {
      reject(e);
      return;
    }
    Buffer rest = handshake.remainder();
    handshake = null;
    if (upgrade.route().auth() == AuthMode.OFF) {
      if (admit()) {
        open(upgrade, request, null);
        feedEarlyBytes(rest);
      }
    } else {
      authenticate(upgrade, request, rest);
    }
  }

  /**
   * Checks the token before answering 101. Input is paused meanwhile (frames a client sends
   * right after its request wait, in order, for the open); the handshake timeout still runs.
   */
  private void authenticate(Upgrade upgrade, HandshakeRequest request, Buffer rest) {
    state = State.AUTHENTICATING;
    earlyBytes = rest;
    socket.pause();
    authenticator.authenticate(request, upgrade.route().auth()).onComplete(ar -> {
      if (state != State.AUTHENTICATING) {
        return; // timed out, or the client went away
      }
      Buffer early = earlyBytes;
      earlyBytes = null;
      if (ar.failed()) {
        LOG.debug("connection {} from {}: 401: {}", id, clientAddress, ar.cause().getMessage());
        socket.resume(); // the lingering close reads until the client's EOF
        reject(HandshakeException.unauthorized());
        return;
      }
      if (!admit()) {
        socket.resume();
        return;
      }
      open(upgrade, request, ar.result());
      feedEarlyBytes(early);
      if (!outputBlocked) {
        socket.resume();
      }
    });
  }

  private void feedEarlyBytes(Buffer bytes) {
    if (bytes.length() > 0) {
      feedFrames(bytes);
    }
  }

  /** Takes a place in the node's connection counts just before the 101, or answers 503. */
  private boolean admit() {
    try {
      slot = server.admission().admit(clientAddress());
      return true;
    } catch (HandshakeException e) {
      reject(e);
      return false;
    }
  }

  private void reject(HandshakeException e) {
    handshake = null;
    server.metrics().handshakeFailed(Integer.toString(e.status()));
    LOG.debug("connection {} from {}: {}: {}", id, clientAddress, e.status(), e.getMessage());
    terminate(HandshakeResponses.rejection(e), true);
  }

  /** @param identity who the token says the client is; null on a route without auth */
  private void open(Upgrade upgrade, HandshakeRequest request, Identity identity) {
    route = upgrade.route();
    routeAddress = route.address();
    routeQueue = loop.batcher().queue(routeAddress);
    meters = server.metrics().route(route.name());
    meters.opened();
    state = State.OPEN;
    inboundRate = InboundRate.start(limits.clients(), server.metrics());
    socket.write(HandshakeResponses.switchingProtocols(upgrade.acceptKey(), upgrade.subprotocol()));
    assembler = new MessageAssembler(limits.maxMessageSize(), this);
    parser = new FrameParser(limits.maxFrameSize(), 0, assembler.frames(this::onControlFrame));
    loop.opened(this); // commands for it now reach it through its event loop's address

    DeliveryOptions opened = eventDelivery(Event.OPEN)
        .addHeader(Headers.PATH, request.path())
        .addHeader(Headers.REMOTE_ADDRESS, String.valueOf(clientAddress));
    addIfPresent(opened, Headers.QUERY, request.query());
    addIfPresent(opened, Headers.ORIGIN, request.header("Origin"));
    addIfPresent(opened, Headers.SUBPROTOCOL, upgrade.subprotocol());
    if (identity != null) {
      opened.addHeader(Headers.AUTH, route.auth().wire());
      addIfPresent(opened, Headers.USER, identity.user());
      addIfPresent(opened, Headers.CLAIMS, identity.claims());
      closeWhenExpired(identity);
    }
    routeQueue.flush(); // the route's events stay in arrival order
    server.eventBus().send(routeAddress, null, opened);
    LOG.debug("connection {} from {}: open on route {}", id, clientAddress, route.name());
  }

  /**
   * A token with {@code exp} is good until a handshake with it would fail: exp + the clock skew.
   * At that moment the connection is closed with 1008, as a router would close it.
   */
  private void closeWhenExpired(Identity identity) {
    if (identity.expiresAt() == null) {
      return;
    }
    long deadline = identity.expiresAt().plusSeconds(server.authKeys().settings().clockSkewSeconds()).toEpochMilli();
    // Set on this connection's event loop (its Vert.x context): the timer fires there too.
    timers = Vertx.currentContext().owner();
    expiryTimer = timers.setTimer(Math.max(1, deadline - System.currentTimeMillis()), id -> {
      expiryTimer = -1;
      if (state == State.OPEN) {
        server.metrics().limitRejected(LimitKind.TOKEN_EXPIRED);
        initiateClose(CloseCode.POLICY_VIOLATION, "token expired");
      }
    });
  }

  private void feedFrames(Buffer bytes) {
    try {
      if (state == State.OPEN) {
        inboundRate.onBytes(bytes.length());
      }
      if (readsInPlace) {
        parser.feed(bytes); // the transport's buffer, or a copy: the parser copies payloads out
      } else {
        parser.feedOwned(bytes); // reads Vert.x copied for us, and copies of the handshake's leftovers
      }
    } catch (WebSocketException e) {
      failConnection(e);
    }
  }

  // ---- messages and control frames (from the assembler and the parser) -----------------------

  @Override
  public void onMessage(MessageType type, Buffer payload) {
    if (state == State.OPEN) {
      inboundRate.onMessage(); // over the rate: throws, and the parser's caller fails the connection
      meters.received(type, payload.length());
      routerMayReply = true;
      routeQueue.add(id, type, payload);
    }
  }

  private void onControlFrame(Frame frame) {
    if (state == State.OPEN && frame.opCode() != OpCode.CLOSE) {
      inboundRate.onMessage();
    }
    switch (frame.opCode()) {
      case PING:
        if (state == State.OPEN) {
          outbound.add(OpCode.PONG, frame.payload());
        }
        break;
      case CLOSE:
        onCloseFrame(ClosePayload.parse(frame.payload()));
        break;
      default:
        // An unsolicited Pong is allowed (RFC 6455 §5.5.3); any inbound byte already counts as life.
        break;
    }
  }

  private void onCloseFrame(ClosePayload close) {
    parser.halt();
    if (state == State.OPEN) {
      // Echo the code (an empty Close is answered with an empty Close, §5.5.1), then drop TCP.
      closeCode = close.code();
      closeReason = close.reason();
      closedBy = ClosedBy.CLIENT;
      Buffer echo = FrameEncoder.encode(OpCode.CLOSE, new ClosePayload(close.code(), "").encode());
      afterRouterReplies(() -> terminate(echo, false));
    } else {
      // The client answered our Close: the handshake is complete.
      terminate(null, false);
    }
  }

  // ---- commands from routers -----------------------------------------------------------------

  /** A command described by headers (sent to the event loop's address, naming this connection). */
  void onCommand(Message<Buffer> message) {
    Action action = Action.fromWire(message.headers().get(Headers.ACTION));
    if (action == Action.JOIN || action == Action.LEAVE) {
      onMembership(message, action);
    } else if (action == Action.CLOSE) {
      String code = message.headers().get(Headers.CLOSE_CODE);
      int value = code != null && code.matches("\\d{4}") ? Integer.parseInt(code) : CloseCode.NORMAL.code();
      String reason = message.headers().get(Headers.CLOSE_REASON);
      onCommand(action, null, value, reason == null ? "" : reason);
    } else if (action != null) {
      onCommand(action, message.body(), 0, "");
    }
  }

  /** A send or a close: one command with headers, or an entry of a command batch. */
  void onCommand(Action action, Buffer payload, int closeCode, String closeReason) {
    switch (action) {
      case TEXT:
      case BINARY:
        if ((state == State.OPEN || state == State.AWAITING_ROUTER) && payload != null) {
          boolean text = action == Action.TEXT;
          meters.sent(text, payload.length());
          outbound.add(text ? OpCode.TEXT : OpCode.BINARY, payload);
        }
        break;
      case CLOSE:
        initiateClose(CloseCode.isValidOnWire(closeCode) ? new CloseCode(closeCode) : CloseCode.NORMAL, closeReason);
        break;
      default:
        break;
    }
  }

  private void onMembership(Message<Buffer> message, Action action) {
    String group = message.headers().get(Headers.GROUP);
    if (group == null || state != State.OPEN) {
      LocalRequests.fail(server.eventBus(), message, 404,
          group == null ? "no " + Headers.GROUP + " header" : "connection is closing");
      return;
    }
    if (action == Action.JOIN) {
      if (groups == null) {
        groups = new HashSet<>();
      }
      if (groups.add(group)) {
        loop.groups().join(this, group);
      }
    } else if (groups != null && groups.remove(group)) {
      loop.groups().leave(this, group);
    }
    LocalRequests.reply(server.eventBus(), message, null);
  }

  /**
   * Writes an already encoded data frame shared by several connections (group fan-out).
   * Returns whether it was written.
   */
  boolean sendFrame(Buffer frame, boolean text, int payloadBytes) {
    if (state == State.OPEN || state == State.AWAITING_ROUTER) {
      meters.sent(text, payloadBytes);
      write(frame);
      return true;
    }
    return false;
  }

  // ---- closing -------------------------------------------------------------------------------

  /** Server-initiated close: send Close and wait (up to closeTimeoutMs) for the client's. */
  void initiateClose(CloseCode code, String reason) {
    if (state == State.HANDSHAKE || state == State.AUTHENTICATING) {
      Transport.abort(socket);
    } else if (state == State.OPEN) {
      closeCode = code;
      closeReason = reason;
      closedBy = ClosedBy.SERVER;
      write(FrameEncoder.encode(OpCode.CLOSE, new ClosePayload(code, reason).encode()));
      state = State.CLOSE_SENT;
      stateSince = nowMillis();
    }
  }

  /** The one path for protocol errors: send Close with the error's code, stop decoding, end TCP. */
  private void failConnection(WebSocketException e) {
    parser.halt();
    if (state == State.OPEN) {
      closeCode = e.closeCode();
      closeReason = e.getMessage();
      closedBy = ClosedBy.SERVER;
      Buffer close = FrameEncoder.encode(OpCode.CLOSE, new ClosePayload(e.closeCode(), e.getMessage()).encode());
      afterRouterReplies(() -> terminate(close, true));
    } else if (state != State.AWAITING_ROUTER) {
      terminate(null, true);
    }
  }

  /**
   * Runs {@code then} once the router has handled every message handed to it (its replies are
   * written meanwhile), or after closeTimeoutMs. Input is no longer decoded while waiting.
   */
  private void afterRouterReplies(Runnable then) {
    if (!routerMayReply) {
      then.run();
      return;
    }
    state = State.AWAITING_ROUTER;
    routeQueue.flush(); // the barrier must follow this connection's last messages
    RouterControl.barrier(routeAddress, limits.closeTimeoutMs()).onComplete(ar -> {
      if (state == State.AWAITING_ROUTER) {
        then.run();
      }
    });
  }

  /**
   * Writes the last bytes (if any) and ends TCP once they are flushed. With {@code linger} the
   * client may still be sending, so the server half-closes and discards input until the client's
   * EOF; the sweeper drops the connection if that takes longer than closeTimeoutMs.
   */
  private void terminate(Buffer lastBytes, boolean linger) {
    if (state == State.TERMINATING || state == State.CLOSED) {
      return;
    }
    state = State.TERMINATING;
    stateSince = nowMillis();
    if (outputBlocked) {
      socket.resume();
    }
    outbound.flush();
    Future<Void> written = lastBytes == null ? Future.succeededFuture() : socket.write(lastBytes);
    written.onComplete(ar -> {
      if (linger) {
        Transport.shutdownOutput(socket);
      } else {
        socket.close();
      }
    });
  }

  private void onShutdown() {
    initiateClose(CloseCode.GOING_AWAY, "server shutting down");
  }

  private void onSocketClosed() {
    State was = state;
    state = State.CLOSED;
    outbound.discard();
    if (readsInPlace) {
      Transport.releaseQueuedReads(socket); // reads that came while paused; onBytes ignores them now
    }
    // Every way a connection ends comes through here, once: the one place its counts are given back.
    if (slot != null) {
      slot.release();
      slot = null;
    }
    if (expiryTimer >= 0) {
      timers.cancelTimer(expiryTimer);
      expiryTimer = -1;
    }
    loop.closed(this);
    if (groups != null) {
      for (String group : groups) {
        loop.groups().leave(this, group);
      }
      groups = null;
    }
    if (was != State.HANDSHAKE && route != null) {
      meters.closed(closeCode.code(), closedBy);
      DeliveryOptions closed = eventDelivery(Event.CLOSE)
          .addHeader(Headers.CLOSE_CODE, Integer.toString(closeCode.code()));
      addIfPresent(closed, Headers.CLOSE_REASON, closeReason.isEmpty() ? null : closeReason);
      routeQueue.flush(); // after the connection's last messages
      server.eventBus().send(routeAddress, null, closed);
    }
    onClosed.accept(this);
  }

  // ---- output and backpressure ---------------------------------------------------------------

  private void write(Buffer frame) {
    outbound.add(frame);
  }

  /**
   * After each real socket write: backpressure and the slow-consumer cap. Both follow the channel
   * itself (its writability and pending bytes are exact at once, unlike {@code writeQueueFull()},
   * which learns of a full channel only later), plus what Vert.x holds back in its own queue
   * while the channel is not writable.
   */
  private void afterWrite(int bytes, long addedToTransport) {
    if (outputBlocked) {
      // Blocked: the kernel takes nothing, so what did not reach the transport waits in Vert.x.
      heldByVertx += bytes - Math.max(0, Math.min(bytes, addedToTransport));
    }
    long queued = Transport.pendingWriteBytes(socket) + heldByVertx;
    if (queued > limits.writeQueueHighWater() + limits.maxOutboundQueue()) {
      // The client does not read: its Close would queue behind the unread data, so drop TCP.
      closeCode = CloseCode.POLICY_VIOLATION;
      closeReason = "slow consumer: more than " + (limits.writeQueueHighWater() + limits.maxOutboundQueue())
          + " bytes queued";
      closedBy = ClosedBy.SERVER;
      meters.slowConsumer();
      state = State.TERMINATING;
      outbound.discard();
      Transport.abort(socket);
    } else if (!outputBlocked && !Transport.isWritable(socket)) {
      // Stop reading until the client catches up: TCP pushes back on whoever floods us.
      outputBlocked = true;
      socket.pause();
    }
  }

  private void onDrain() {
    if (!outputBlocked) {
      return;
    }
    outputBlocked = false;
    heldByVertx = 0;
    if (state == State.OPEN || state == State.CLOSE_SENT) {
      socket.resume();
    }
  }

  // ---- timeouts ------------------------------------------------------------------------------

  /** Called periodically by the sweeper on this connection's event loop. */
  void onTick(long now) {
    if (sawInbound) {
      sawInbound = false;
      lastInboundAt = now;
      pingSentAt = -1;
    }
    switch (state) {
      case HANDSHAKE:
      case AUTHENTICATING:
        if (now - stateSince >= limits.handshakeTimeoutMs()) {
          server.metrics().handshakeFailed("timeout");
          state = State.TERMINATING;
          Transport.abort(socket);
        }
        break;
      case OPEN:
        checkIdle(now);
        break;
      case CLOSE_SENT:
      case TERMINATING:
        if (now - stateSince >= limits.closeTimeoutMs()) {
          Transport.abort(socket);
        }
        break;
      default:
        break;
    }
  }

  private void checkIdle(long now) {
    if (pingSentAt >= 0) {
      if (now - pingSentAt >= limits.pingTimeoutMs()) {
        closeCode = CloseCode.GOING_AWAY;
        closeReason = "ping timeout";
        closedBy = ClosedBy.SERVER;
        meters.pingTimeout();
        terminate(FrameEncoder.encode(OpCode.CLOSE, new ClosePayload(closeCode, closeReason).encode()), true);
      }
    } else if (now - lastInboundAt >= limits.pingIntervalMs()) {
      pingSentAt = now;
      write(FrameEncoder.encode(OpCode.PING, Buffers.empty()));
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private DeliveryOptions eventDelivery(Event event) {
    return new DeliveryOptions()
        .setLocalOnly(true)
        .addHeader(Headers.EVENT, event.wire())
        .addHeader(Headers.CONNECTION, id)
        .addHeader(Headers.ROUTE, route.name())
        .addHeader(Headers.NODE, server.nodeId());
  }

  private static void addIfPresent(DeliveryOptions options, String header, String value) {
    if (value != null) {
      options.addHeader(header, value);
    }
  }

  static long nowMillis() {
    return System.nanoTime() / 1_000_000;
  }
}
