package io.wsgate.bench.loadgen.mode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.wsgate.bench.loadgen.metrics.ErrorCounters.Kind;
import io.wsgate.bench.loadgen.payload.Stamp;
import io.wsgate.bench.loadgen.rooms.RoomsProtocol;
import io.wsgate.bench.loadgen.rooms.RoomsProtocol.Incoming;
import io.wsgate.bench.loadgen.rooms.RoomsProtocol.PublishTemplate;
import io.wsgate.bench.loadgen.ws.Connector;
import io.wsgate.bench.loadgen.ws.FrameMasker;
import io.wsgate.bench.loadgen.ws.Rfc6455;
import io.wsgate.bench.loadgen.ws.WsConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code rooms}: K rooms of M members on the rooms route ({@link RoomsProtocol}); the first P
 * members of each room publish (closed loop with {@code --window}, or {@code --rate} per
 * publisher). Every other member of the room must get every publish, in order per publisher,
 * with the data unchanged and the right room and sender. Reports deliveries/s, loss, latency.
 * A sender receiving its own publish is counted ({@code selfDeliveries}), not treated as an error.
 */
public final class RoomsMode implements Mode {

  private static final long PROBE_INTERVAL_MS = 100;
  /** Probes come from two members per room, so each member (the probers too) sees one from someone else. */
  private static final int PROBERS_PER_ROOM = 2;

  private int rooms;
  private int members;
  private int publishers;
  private int window;
  private double rate;
  private String path;
  private String userPrefix;
  private String roomPrefix;
  private Stamp stamp;

  private final LongAdder deliveries = new LongAdder();
  private final LongAdder selfDeliveries = new LongAdder();
  private final LongAdder otherMessages = new LongAdder();
  private final AtomicInteger ready = new AtomicInteger();
  /** Per room: members that got a probe. A complete room is not probed any more. */
  private java.util.concurrent.atomic.AtomicIntegerArray readyInRoom;
  /** Per connection: its own join was answered, so its probes cannot be refused as not_joined. */
  private java.util.concurrent.atomic.AtomicIntegerArray joined;

  @Override
  public void configure(Run run) {
    rooms = run.options().integer("rooms", 100, 1, Run.MAX_CONNECTIONS);
    members = run.options().integer("members", 10, PROBERS_PER_ROOM, Run.MAX_CONNECTIONS);
    publishers = run.options().integer("publishers", 1, 1, members);
    rate = run.options().decimal("rate", 0, 0, 10_000_000);
    window = run.options().integer("window", rate > 0 ? 1 << 16 : 8, 1, 1 << 24);
    int size = run.options().integer("size", 64, Stamp.HEADER_BYTES, WsConnection.MAX_MESSAGE_BYTES);
    path = run.options().string("path", "/rooms");
    userPrefix = run.options().string("user-prefix", "u");
    roomPrefix = run.options().string("room-prefix", "bench-r");
    if ((long) rooms * members > Run.MAX_CONNECTIONS) {
      throw new io.wsgate.bench.loadgen.cli.UsageException("--rooms x --members must be at most "
          + Run.MAX_CONNECTIONS + " per process, got " + (long) rooms * members);
    }
    stamp = new Stamp(size);
  }

  @Override
  public String path() {
    return path;
  }

  String user(int index) {
    return userPrefix + index;
  }

  String room(int roomIndex) {
    return roomPrefix + roomIndex;
  }

  @Override
  public Outcome run(Run run) throws InterruptedException {
    int total = rooms * members;
    Member[] all = new Member[total];
    readyInRoom = new java.util.concurrent.atomic.AtomicIntegerArray(rooms);
    joined = new java.util.concurrent.atomic.AtomicIntegerArray(total);
    long setupStart = System.nanoTime();
    WsConnection[] opened = run.connector().openAll(total, run.connectParallelism(),
        i -> RoomsProtocol.connectPath(path, user(i)), i -> all[i] = new Member(run, i), null, run.setupTimeoutMs());
    int reachable = EchoMode.count(opened);
    for (int i = 0; i < total; i++) {
      if (opened[i] != null) {
        WsConnection connection = opened[i];
        byte[] join = RoomsProtocol.join(room(i / members));
        connection.context().runOnContext(v -> connection.send(FrameMasker.frame(Rfc6455.OP_TEXT, join)));
      }
    }
    awaitMembers(run, opened, reachable);
    long setupNanos = System.nanoTime() - setupStart;

    List<Publisher> senders = new ArrayList<>();
    FanOut[][] fanOuts = new FanOut[rooms][publishers];
    Publisher[][] byRoom = new Publisher[rooms][publishers];
    for (int r = 0; r < rooms; r++) {
      int openInRoom = 0;
      for (int m = 0; m < members; m++) {
        openInRoom += opened[r * members + m] == null ? 0 : 1;
      }
      PublishTemplate template = PublishTemplate.forRoom(room(r));
      for (int p = 0; p < publishers; p++) {
        WsConnection connection = opened[r * members + p];
        if (connection == null || openInRoom < 2) {
          continue;
        }
        Publisher publisher = new Publisher(run, connection, window, rate, (sequence, nanos) -> {
          byte[] frame = FrameMasker.allocate(Rfc6455.OP_TEXT, template.length(stamp.size()));
          int data = template.writeAround(frame, FrameMasker.headerLength(template.length(stamp.size())), stamp.size());
          stamp.write(frame, data, sequence, nanos);
          return FrameMasker.seal(frame);
        });
        fanOuts[r][p] = new FanOut(openInRoom - 1, window, publisher::wake);
        publisher.track(fanOuts[r][p]);
        byRoom[r][p] = publisher;
        senders.add(publisher);
      }
    }
    for (Member member : all) {
      if (member != null) {
        member.fanOuts = fanOuts[member.roomIndex];
      }
    }
    senders.forEach(Publisher::start);
    run.warmUp();
    long deliveries0 = deliveries.sum();
    long sent0 = sentTotal(senders);
    run.measure();
    long measured = deliveries.sum() - deliveries0;
    long sentMeasured = sentTotal(senders) - sent0;
    run.stopSending();
    senders.forEach(Publisher::stop);
    run.drain(() -> allComplete(fanOuts, byRoom));
    long lost = 0;
    for (int i = 0; i < total; i++) {
      if (opened[i] != null) {
        Member member = all[i];
        lost += Run.callOn(opened[i].context(), () -> member.missing(byRoom[member.roomIndex]));
      }
    }
    long closeStart = System.nanoTime();
    Connector.closeAll(opened, run.connectParallelism(), run.setupTimeoutMs());
    long closeNanos = System.nanoTime() - closeStart;

    double seconds = run.measurement().seconds();
    JsonObject figures = new JsonObject()
        .put("rooms", rooms)
        .put("members", members)
        .put("publishersPerRoom", publishers)
        .put("connections", reachable)
        // Connect and join every member (until each got a probe through its room), then close all.
        .put("setupMs", setupNanos / 1_000_000)
        .put("closeMs", closeNanos / 1_000_000)
        .put("rate", rate)
        .put("publishesPerSec", Math.round(sentMeasured / seconds))
        .put("deliveries", measured)
        .put("deliveriesPerSec", Math.round(measured / seconds))
        .put("sentTotal", sentTotal(senders))
        .put("lost", lost)
        .put("selfDeliveries", selfDeliveries.sum())
        .put("otherServerMessages", otherMessages.sum());
    String summary = String.format("%,.0f deliveries/s (%,.0f publishes/s in %d rooms of %d), lost %d, latency p50 %.0f us, p99 %.0f us",
        measured / seconds, sentMeasured / seconds, rooms, members, lost,
        run.latency().percentileMicros(50), run.latency().percentileMicros(99));
    return new Outcome(figures, summary, lost);
  }

  private static long sentTotal(List<Publisher> senders) {
    long sum = 0;
    for (Publisher publisher : senders) {
      sum += publisher.sent();
    }
    return sum;
  }

  private static boolean allComplete(FanOut[][] fanOuts, Publisher[][] publishers) {
    for (int r = 0; r < fanOuts.length; r++) {
      for (int p = 0; p < fanOuts[r].length; p++) {
        if (fanOuts[r][p] != null && fanOuts[r][p].complete() < publishers[r][p].sent()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Joins are asynchronous on the server: probe every room until every member got a probe. Only
   * probers whose own join was answered probe (an earlier probe would be refused as not_joined,
   * and count against the connection's error budget), and a room stops being probed once all its
   * members got one: setup costs the server little more than the joins themselves.
   */
  private void awaitMembers(Run run, WsConnection[] opened, int expected) throws InterruptedException {
    int[] openInRoom = new int[rooms];
    byte[][] probes = new byte[rooms][];
    for (int r = 0; r < rooms; r++) {
      PublishTemplate template = PublishTemplate.forRoom(room(r));
      byte[] probe = Stamp.probe("ready");
      byte[] message = new byte[template.length(probe.length)];
      System.arraycopy(probe, 0, message, template.writeAround(message, 0, probe.length), probe.length);
      probes[r] = message;
      for (int m = 0; m < members; m++) {
        openInRoom[r] += opened[r * members + m] == null ? 0 : 1;
      }
    }
    long timer = run.vertx().setPeriodic(1, PROBE_INTERVAL_MS, id -> {
      for (int r = 0; r < rooms; r++) {
        if (readyInRoom.get(r) >= openInRoom[r]) {
          continue;
        }
        for (int m = 0; m < PROBERS_PER_ROOM; m++) {
          int index = r * members + m;
          WsConnection prober = opened[index];
          if (prober != null && joined.get(index) == 1) {
            byte[] probe = probes[r];
            prober.context().runOnContext(v -> prober.send(FrameMasker.frame(Rfc6455.OP_TEXT, probe)));
          }
        }
      }
    });
    boolean allReady = Run.await(() -> ready.get() >= expected, run.setupTimeoutMs());
    run.vertx().cancelTimer(timer);
    if (!allReady) {
      run.errors().add(Kind.SERVER_ERROR, "rooms: only " + ready.get() + " of " + expected
          + " members got a probe within " + run.setupTimeoutMs() + " ms (did join work?)");
    }
  }

  /** One member: checks every delivery and reports it to its publisher's tracker. */
  private final class Member implements WsConnection.Listener {
    private final Run run;
    private final String user;
    private final String roomName;
    final int roomIndex;
    private final int slot;
    private final Stamp.Values values = new Stamp.Values();
    /** Per publisher slot: next stamp sequence expected, and messages skipped. */
    private final long[] nextExpected = new long[publishers];
    private final long[] gaps = new long[publishers];
    /** Per sender slot: the last server {@code seq}, which must increase. */
    private final long[] lastServerSeq = new long[members];
    private boolean probed;
    volatile FanOut[] fanOuts;

    Member(Run run, int index) {
      this.run = run;
      this.user = user(index);
      this.roomIndex = index / members;
      this.slot = index % members;
      this.roomName = room(roomIndex);
      java.util.Arrays.fill(lastServerSeq, -1);
    }

    @Override
    public void onMessage(WsConnection connection, boolean text, Buffer payload) {
      long now = System.nanoTime();
      Incoming in;
      try {
        in = RoomsProtocol.parse(payload);
      } catch (IllegalArgumentException e) {
        run.errors().add(Kind.VERIFY, "rooms: " + user + " got " + e.getMessage());
        return;
      }
      if (RoomsProtocol.OP_ERROR.equals(in.op())) {
        run.errors().add(Kind.SERVER_ERROR, "rooms: " + user + " got " + in.raw().encode());
      } else if (RoomsProtocol.OP_JOINED.equals(in.op())) {
        joined.set(roomIndex * members + slot, 1);
        otherMessages.increment();
      } else if (RoomsProtocol.OP_MESSAGE.equals(in.op())) {
        if (!text) {
          run.errors().add(Kind.VERIFY, "rooms: a message arrived as a binary frame");
        } else {
          onRoomMessage(in, now);
        }
      } else {
        otherMessages.increment(); // acknowledgements and the like: not part of the contract checked here
      }
    }

    private void onRoomMessage(Incoming in, long now) {
      int sender = senderSlot(in.from());
      if (!roomName.equals(in.room()) || in.data() == null || sender < 0) {
        run.errors().add(Kind.VERIFY, "rooms: " + user + " in " + roomName + " got " + in.raw().encode());
        return;
      }
      if (in.seq() >= 0) {
        if (in.seq() <= lastServerSeq[sender]) {
          run.errors().add(Kind.VERIFY, "rooms: seq " + in.seq() + " from " + in.from() + " after "
              + lastServerSeq[sender]);
        }
        lastServerSeq[sender] = in.seq();
      }
      byte[] data = in.data().getBytes(StandardCharsets.ISO_8859_1);
      if (data.length > 0 && data[0] == Stamp.PROBE_MARK) {
        if (!probed && !user.equals(in.from())) {
          probed = true;
          ready.incrementAndGet();
          readyInRoom.incrementAndGet(roomIndex);
        }
        return;
      }
      if (user.equals(in.from())) {
        selfDeliveries.increment();
        return;
      }
      if (sender >= publishers || !stamp.read(data, 0, data.length, values)) {
        run.errors().add(Kind.VERIFY, "rooms: data from " + in.from() + " differs from what was published");
        return;
      }
      long sequence = values.sequence;
      if (sequence < nextExpected[sender]) {
        run.errors().add(Kind.VERIFY, "rooms: publish " + sequence + " from " + in.from() + " again or out of order");
        return;
      }
      gaps[sender] += sequence - nextExpected[sender];
      nextExpected[sender] = sequence + 1;
      deliveries.increment();
      run.latency().record(now - values.sentNanos);
      fanOuts[sender].delivered(sequence);
    }

    /** The sender's slot in this room (0..members-1), or -1 if it is not a member of this room. */
    private int senderSlot(String from) {
      if (from == null || !from.startsWith(userPrefix)) {
        return -1;
      }
      try {
        int index = Integer.parseInt(from.substring(userPrefix.length()));
        return index / members == roomIndex ? index % members : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** Publishes this member lacks; call on its event loop (see {@link Run#callOn}). */
    long missing(Publisher[] roomPublishers) {
      long sum = 0;
      for (int p = 0; p < publishers; p++) {
        if (roomPublishers[p] != null && p != slot) {
          sum += gaps[p] + Math.max(0, roomPublishers[p].sent() - nextExpected[p]);
        }
      }
      return sum;
    }
  }
}
