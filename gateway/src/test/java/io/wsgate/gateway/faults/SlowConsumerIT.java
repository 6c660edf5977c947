package io.wsgate.gateway.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.wsgate.gateway.testing.RawClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One receiver on {@code /broadcast} that never reads does not slow down the others: it is
 * disconnected as a slow consumer (1008, no Close frame: it would queue behind the unread data)
 * once more than {@code writeQueueHighWater + maxOutboundQueue} bytes wait for it, its queue is
 * freed, and the healthy receivers get every message at the same rate as without it.
 *
 * <p>The rate is compared between two phases of the same test, each a paced run (a fixed send
 * rate well below what the gateway can do, so a loaded machine does not decide the outcome):
 * without the slow receiver, then with it. Each phase's rate is its messages over the time from
 * its first send to the last delivery at the slowest healthy receiver.
 */
class SlowConsumerIT {

  private static final int HIGH_WATER = 16 * 1024;
  private static final int MAX_OUTBOUND_QUEUE = 64 * 1024;
  private static final int HEALTHY_RECEIVERS = 4;
  private static final int MESSAGE_BYTES = 16 * 1024;
  private static final int RATE_PER_SECOND = 100;
  private static final int WARMUP_MESSAGES = 200;
  private static final int PHASE_MESSAGES = 600;
  private static final int SLOW_RECEIVE_BUFFER = 4096;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static FaultGateway gateway;

  @BeforeAll
  static void start() throws IOException {
    gateway = FaultGateway.start("slow-consumer", String.join("\n",
        "limits:",
        "  writeQueueHighWater: " + HIGH_WATER,
        "  maxOutboundQueue: " + MAX_OUTBOUND_QUEUE,
        "routes:",
        "  - path: /broadcast",
        "    router: broadcast",
        ""));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aReceiverThatNeverReadsIsDisconnectedAndTheOthersKeepTheirRate() throws Exception {
    List<Receiver> healthy = new ArrayList<>();
    for (int i = 0; i < HEALTHY_RECEIVERS; i++) {
      healthy.add(Receiver.connect(gateway, 2 * PHASE_MESSAGES + WARMUP_MESSAGES));
    }
    WebSocket sender = gateway.http.newWebSocketBuilder().buildAsync(gateway.ws("/broadcast"),
        new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
    awaitMembers(HEALTHY_RECEIVERS + 1);

    long next = sendPaced(sender, 0, WARMUP_MESSAGES);
    awaitAll(healthy, next);
    long firstOfA = next;
    long startA = System.nanoTime();
    next = sendPaced(sender, next, PHASE_MESSAGES);
    double rateA = PHASE_MESSAGES / seconds(startA, lastDelivery(healthy, next - 1));

    Socket slowSocket = new Socket();
    slowSocket.setReceiveBufferSize(SLOW_RECEIVE_BUFFER); // before connect: it sets the TCP window
    slowSocket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
    RawClient slow = RawClient.open(slowSocket, "/broadcast");
    awaitMembers(HEALTHY_RECEIVERS + 2);

    long firstOfB = next;
    long startB = System.nanoTime();
    next = sendPaced(sender, next, PHASE_MESSAGES);
    double rateB = PHASE_MESSAGES / seconds(startB, lastDelivery(healthy, next - 1));

    for (Receiver receiver : healthy) {
      receiver.assertGotEverythingInOrder(next);
    }
    assertEquals(1.0, gateway.metric("wsgate_slow_consumer_disconnects_total", "route", "broadcast"),
        "the receiver that never reads was disconnected as a slow consumer during phase B");
    assertEquals(1.0, gateway.metric("wsgate_connections_closed_total", "route", "broadcast", "code", "1008",
        "by", "server"), "closed with 1008 (policy violation), as documented for slow consumers");
    assertTrue(Math.abs(rateB / rateA - 1) <= 0.10, String.format(
        "healthy receivers' rate without the slow receiver %.1f msgs/s (messages %d..%d), with it %.1f msgs/s"
            + " (%d..%d): more than 10 %% apart", rateA, firstOfA, firstOfB - 1, rateB, firstOfB, next - 1));

    // Its buffers are freed: nothing stays queued, nobody is blocked, its group membership is gone.
    gateway.awaitMetric("wsgate_outbound_queued_bytes", v -> v == 0, "0", WAIT);
    gateway.awaitMetric("wsgate_outbound_blocked_connections", v -> v == 0, "0", WAIT);
    gateway.awaitMetric("wsgate_group_members", v -> v == HEALTHY_RECEIVERS + 1, "healthy receivers + sender", WAIT);
    gateway.awaitMetric("wsgate_connections_open", v -> v == HEALTHY_RECEIVERS + 1, "healthy receivers + sender",
        WAIT, "route", "broadcast");

    // What the slow receiver sees once it reads again: part of the data, then TCP ends, no Close.
    int frames = 0;
    try {
      while (true) {
        RawClient.ServerFrame frame = slow.readFrame();
        assertEquals(RawClient.OP_BINARY, frame.opcode(),
            "a slow consumer gets no Close (it would wait behind the data it does not read)");
        frames++;
      }
    } catch (SocketTimeoutException e) {
      fail("the gateway did not end the slow receiver's TCP connection; it had read " + frames + " frames");
    } catch (IOException endOfStream) {
      // EOF or reset: the connection is gone.
    }
    assertTrue(frames < PHASE_MESSAGES, "the slow receiver got only part of phase B, got " + frames);
    System.out.printf("SlowConsumerIT: healthy receivers %.1f msgs/s without the slow receiver, %.1f with it;"
        + " the slow receiver read %d of %d frames before it was cut%n", rateA, rateB, frames, PHASE_MESSAGES);
    slow.close();
    sender.abort();
    healthy.forEach(Receiver::abort);
  }

  /** Sends {@code count} messages numbered from {@code first} at the fixed rate; returns the next number. */
  private static long sendPaced(WebSocket sender, long first, int count) throws Exception {
    long start = System.nanoTime();
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
    for (int i = 0; i < count; i++) {
      long due = start + i * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      sender.sendBinary(ByteBuffer.wrap(Receiver.message(first + i)), true).get(10, TimeUnit.SECONDS);
    }
    return first + count;
  }

  private static void awaitMembers(int members) {
    gateway.awaitMetric("wsgate_group_members", v -> v == members, Integer.toString(members), WAIT);
  }

  private static void awaitAll(List<Receiver> receivers, long count) throws InterruptedException {
    lastDelivery(receivers, count - 1);
  }

  /** Waits until every receiver has message {@code sequence}; the latest time one of them got it. */
  private static long lastDelivery(List<Receiver> receivers, long sequence) throws InterruptedException {
    long latest = 0;
    for (Receiver receiver : receivers) {
      latest = Math.max(latest, receiver.awaitDelivery(sequence, WAIT));
    }
    return latest;
  }

  private static double seconds(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e9;
  }

  /** A healthy receiver (the JDK client): checks every message's number and content, notes when it came. */
  private static final class Receiver implements WebSocket.Listener {
    private final long[] receivedAt;
    private final ByteBuffer assembling = ByteBuffer.allocate(MESSAGE_BYTES);
    private long next;
    private String problem;
    private WebSocket ws;

    private Receiver(int capacity) {
      receivedAt = new long[capacity];
    }

    static Receiver connect(FaultGateway gateway, int capacity) throws Exception {
      Receiver receiver = new Receiver(capacity);
      receiver.ws = gateway.http.newWebSocketBuilder().buildAsync(gateway.ws("/broadcast"), receiver)
          .get(10, TimeUnit.SECONDS);
      return receiver;
    }

    /** Message {@code n}: its number, then bytes derived from it, so a wrong or torn message shows. */
    static byte[] message(long n) {
      byte[] bytes = new byte[MESSAGE_BYTES];
      ByteBuffer.wrap(bytes).putLong(n);
      for (int i = Long.BYTES; i < bytes.length; i++) {
        bytes[i] = (byte) (n * 31 + i);
      }
      return bytes;
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      if (data.remaining() > assembling.remaining()) {
        problem("message " + next + " longer than " + MESSAGE_BYTES + " bytes");
      } else {
        assembling.put(data);
      }
      if (last) {
        assembling.flip();
        long n = assembling.remaining() >= Long.BYTES ? assembling.getLong(0) : -1;
        if (n != next) {
          problem("expected message " + next + ", got " + n);
        } else if (!ByteBuffer.wrap(message(n)).equals(assembling)) {
          problem("message " + n + " differs from what was sent");
        } else if (n < receivedAt.length) {
          receivedAt[(int) n] = System.nanoTime();
          next++;
          notifyAll();
        }
        assembling.clear();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      problem("unexpected text message");
      webSocket.request(1);
      return null;
    }

    private void problem(String what) {
      if (problem == null) {
        problem = what;
      }
    }

    synchronized long awaitDelivery(long sequence, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (next <= sequence && problem == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          fail("healthy receiver got only " + next + " messages, waited for message " + sequence);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      if (problem != null) {
        fail("healthy receiver: " + problem);
      }
      return receivedAt[(int) sequence];
    }

    synchronized void assertGotEverythingInOrder(long count) {
      assertEquals(null, problem, "healthy receiver");
      assertEquals(count, next, "messages received in order by a healthy receiver");
    }

    void abort() {
      ws.abort();
    }
  }
}
