package io.wsgate.bench.loadgen.mode;

import io.vertx.core.buffer.Buffer;
import io.wsgate.bench.loadgen.ws.WsConnection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends one connection's stream of fan-out messages (broadcast sender, room publisher), either
 * closed-loop (at most {@code window} messages not yet delivered to every receiver) or at a fixed
 * rate. At a fixed rate each message is stamped with its scheduled send time, not the time it
 * actually left: a client that falls behind then shows up as latency instead of being hidden
 * (no coordinated omission). Runs on its connection's event loop.
 */
final class Publisher {

  /** Builds the frame carrying message {@code sequence} stamped with {@code sentNanos}. */
  interface Frames {
    Buffer frame(long sequence, long sentNanos);
  }

  private static final long TICK_MS = 1;
  private static final double NANOS_PER_SECOND = 1e9;

  private final Run run;
  private final WsConnection connection;
  private final Frames frames;
  private final int window;
  private final double rate;
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private FanOut fanOut;
  private volatile long sent;
  private long startNanos;
  private long timer = -1;
  private boolean drainHandlerSet;

  /**
   * @param window closed loop: messages in flight; fixed rate: the backlog at which sending pauses
   * @param rate messages per second, or 0 for closed loop
   */
  Publisher(Run run, WsConnection connection, int window, double rate, Frames frames) {
    this.run = run;
    this.connection = connection;
    this.window = window;
    this.rate = rate;
    this.frames = frames;
  }

  /** Set before {@link #start}: the tracker whose progress wakes this publisher. */
  void track(FanOut fanOut) {
    this.fanOut = fanOut;
  }

  long sent() {
    return sent;
  }

  void start() {
    connection.context().runOnContext(v -> {
      startNanos = System.nanoTime();
      if (rate > 0) {
        timer = run.vertx().setPeriodic(TICK_MS, id -> pump());
      }
      pump();
    });
  }

  void stop() {
    connection.context().runOnContext(v -> {
      if (timer >= 0) {
        run.vertx().cancelTimer(timer);
      }
    });
  }

  /** Called by the tracker when deliveries complete: the window may have room again. */
  void wake() {
    if (rate == 0 && wakeQueued.compareAndSet(false, true)) {
      connection.context().runOnContext(v -> {
        wakeQueued.set(false);
        pump();
      });
    }
  }

  private void pump() {
    long next = sent;
    while (run.sending() && connection.isOpen() && fanOut.inFlight(next) < window) {
      if (connection.writeQueueFull()) {
        if (!drainHandlerSet) {
          drainHandlerSet = true;
          connection.drainHandler(v -> pump());
        }
        break;
      }
      long stampNanos;
      if (rate > 0) {
        long scheduled = startNanos + (long) (next * NANOS_PER_SECOND / rate);
        if (scheduled > System.nanoTime()) {
          break; // not due yet; the next tick sends it
        }
        stampNanos = scheduled;
      } else {
        stampNanos = System.nanoTime();
      }
      if (!run.takeMessage()) {
        break;
      }
      connection.send(frames.frame(next, stampNanos));
      sent = ++next;
    }
  }
}
