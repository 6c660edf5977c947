package io.wsgate.bench.loadgen.ws;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.wsgate.bench.loadgen.metrics.ErrorCounters;
import io.wsgate.bench.loadgen.metrics.ErrorCounters.Kind;

/**
 * One client WebSocket on a raw {@link NetSocket}: handshake, frames in and out, Ping answers,
 * the close handshake. Messages go to a {@link Listener}; anything wrong goes to the run's
 * {@link ErrorCounters}. All state is touched on the socket's event loop only: call
 * {@link #send} from {@link #context()} (listener callbacks already run there).
 */
public final class WsConnection implements ServerFrameReader.FrameSink {

  /** Receives complete messages (fragments joined); the payload is valid only during the call. */
  public interface Listener {
    void onMessage(WsConnection connection, boolean text, Buffer payload);
  }

  /** The client accepts frames and messages up to this size. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
  private static final long HANDSHAKE_TIMEOUT_MS = 15_000;
  private static final long CLOSE_TIMEOUT_MS = 5_000;

  private enum State { HANDSHAKE, OPEN, CLOSING, CLOSED }

  private final NetSocket socket;
  private final Context context;
  private final ErrorCounters errors;
  private final Listener listener;
  private final ServerFrameReader reader = new ServerFrameReader(MAX_MESSAGE_BYTES, this);
  private final Promise<Void> closed = Promise.promise();
  private final String label;

  private State state = State.HANDSHAKE;
  private Handshake handshake;
  private Promise<WsConnection> opened;
  private boolean failed;
  private Buffer fragments;
  private boolean fragmentsText;
  private long timer = -1;

  private WsConnection(NetSocket socket, Context context, ErrorCounters errors, Listener listener, String label) {
    this.socket = socket;
    this.context = context;
    this.errors = errors;
    this.listener = listener;
    this.label = label;
  }

  /**
   * Connects and upgrades; the future completes once the server's 101 is verified. Failures are
   * counted in {@code errors} (connect or handshake) and fail the future.
   */
  public static Future<WsConnection> open(NetClient client, Endpoint endpoint, String pathAndQuery,
      String subprotocol, ErrorCounters errors, Listener listener) {
    return client.connect(endpoint.port(), endpoint.host())
        .recover(e -> {
          errors.add(Kind.CONNECT, endpoint + ": " + e);
          return Future.failedFuture(e);
        })
        .compose(socket -> {
          WsConnection connection = new WsConnection(socket, Vertx.currentContext(), errors, listener,
              pathAndQuery + " from " + socket.localAddress());
          return connection.upgrade(new Handshake(endpoint.hostHeader(), pathAndQuery, subprotocol));
        });
  }

  public Context context() {
    return context;
  }

  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** Completes when TCP is closed, whoever closed it. */
  public Future<Void> closedFuture() {
    return closed.future();
  }

  /** Writes a complete frame from {@link FrameMasker}; ignored unless open. */
  public void send(Buffer frame) {
    if (state == State.OPEN) {
      socket.write(frame);
    }
  }

  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  public void drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler);
  }

  /** Starts the close handshake (Close 1000); TCP is dropped if the server does not finish it in time. */
  public Future<Void> close() {
    context.runOnContext(v -> {
      if (state == State.OPEN) {
        state = State.CLOSING;
        socket.write(FrameMasker.frame(Rfc6455.OP_CLOSE, closePayload(Rfc6455.CLOSE_NORMAL)));
        timer = context.owner().setTimer(CLOSE_TIMEOUT_MS, id -> socket.close());
      } else if (state == State.HANDSHAKE) {
        socket.close();
      }
    });
    return closed.future();
  }

  // ---- handshake -----------------------------------------------------------------------------

  private Future<WsConnection> upgrade(Handshake request) {
    handshake = request;
    opened = Promise.promise();
    socket.handler(this::onBytes);
    socket.closeHandler(v -> onSocketClosed());
    socket.exceptionHandler(e -> {
      if (state == State.OPEN) {
        errors.add(Kind.UNEXPECTED_CLOSE, label + ": " + e);
        failed = true;
      }
    });
    timer = context.owner().setTimer(HANDSHAKE_TIMEOUT_MS, id -> failHandshake("no 101 within "
        + HANDSHAKE_TIMEOUT_MS + " ms"));
    socket.write(request.request());
    return opened.future();
  }

  private void onBytes(Buffer bytes) {
    try {
      if (state == State.HANDSHAKE) {
        Buffer rest = handshake.feed(bytes);
        if (rest == null) {
          return;
        }
        handshake = null;
        state = State.OPEN;
        context.owner().cancelTimer(timer);
        opened.complete(this);
        if (rest.length() > 0) {
          reader.feed(rest);
        }
      } else if (state != State.CLOSED) {
        reader.feed(bytes);
      }
    } catch (Handshake.Failure e) {
      failHandshake(e.getMessage());
    } catch (ServerFrameReader.ProtocolViolation e) {
      protocolError(e.getMessage());
    }
  }

  private void failHandshake(String detail) {
    if (state == State.HANDSHAKE && !failed) {
      failed = true;
      errors.add(Kind.HANDSHAKE, label + ": " + detail);
      opened.tryFail(detail);
      socket.close();
    }
  }

  // ---- frames --------------------------------------------------------------------------------

  @Override
  public void onFrame(boolean fin, int opcode, Buffer payload) {
    switch (opcode) {
      case Rfc6455.OP_TEXT, Rfc6455.OP_BINARY -> {
        if (fragments != null) {
          throw new ServerFrameReader.ProtocolViolation("new data frame inside a fragmented message (RFC 6455 §5.4)");
        }
        if (fin) {
          listener.onMessage(this, opcode == Rfc6455.OP_TEXT, payload);
        } else {
          fragmentsText = opcode == Rfc6455.OP_TEXT;
          fragments = Buffer.buffer(payload.length() * 2).appendBuffer(payload);
        }
      }
      case Rfc6455.OP_CONTINUATION -> {
        if (fragments == null) {
          throw new ServerFrameReader.ProtocolViolation("continuation with no message open (RFC 6455 §5.4)");
        }
        fragments.appendBuffer(payload);
        if (fragments.length() > MAX_MESSAGE_BYTES) {
          throw new ServerFrameReader.ProtocolViolation("message over " + MAX_MESSAGE_BYTES + " bytes");
        }
        if (fin) {
          Buffer message = fragments;
          fragments = null;
          listener.onMessage(this, fragmentsText, message);
        }
      }
      case Rfc6455.OP_PING -> {
        if (state == State.OPEN) {
          socket.write(FrameMasker.frame(Rfc6455.OP_PONG, payload.getBytes()));
        }
      }
      case Rfc6455.OP_CLOSE -> onCloseFrame(payload);
      default -> { } // Pong: nothing asked, nothing to do
    }
  }

  private void onCloseFrame(Buffer payload) {
    int code = payload.length() >= Rfc6455.CLOSE_CODE_BYTES ? payload.getUnsignedShort(0) : Rfc6455.CLOSE_NO_STATUS;
    if (state == State.OPEN) {
      // The server closed first while the run was using this connection.
      errors.add(Kind.UNEXPECTED_CLOSE, label + ": server sent Close " + code + " "
          + payload.getString(Math.min(payload.length(), Rfc6455.CLOSE_CODE_BYTES), payload.length()));
      failed = true;
      state = State.CLOSING;
      byte[] echo = code == Rfc6455.CLOSE_NO_STATUS ? new byte[0] : closePayload(code);
      socket.write(FrameMasker.frame(Rfc6455.OP_CLOSE, echo)).onComplete(ar -> socket.close());
    } else if (state == State.CLOSING) {
      socket.close(); // our Close was answered: the handshake is complete
    }
  }

  private void protocolError(String detail) {
    if (!failed) {
      failed = true;
      errors.add(Kind.PROTOCOL, label + ": " + detail);
    }
    state = State.CLOSING;
    socket.close();
  }

  private void onSocketClosed() {
    State was = state;
    state = State.CLOSED;
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
    }
    if (was == State.HANDSHAKE) {
      failHandshake("TCP closed during the handshake");
    } else if (was == State.OPEN && !failed) {
      errors.add(Kind.UNEXPECTED_CLOSE, label + ": TCP closed without a Close frame");
    }
    closed.tryComplete();
  }

  private static byte[] closePayload(int code) {
    return new byte[] {(byte) (code >>> Byte.SIZE), (byte) code};
  }
}
