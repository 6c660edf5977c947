package io.wsgate.bench.jmh;

import io.vertx.core.buffer.Buffer;
import io.wsgate.gateway.protocol.Frame;
import io.wsgate.gateway.protocol.FrameListener;
import io.wsgate.gateway.protocol.FrameParser;
import io.wsgate.gateway.protocol.OpCode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gateway's inbound hot path below the message layer: one whole masked binary frame per
 * operation, with a listener that only consumes what it is given. {@code parseMaskedFrame} is
 * {@link FrameParser#feed} (header decode, payload copy, unmask); {@code parseOwnedMaskedFrame} is
 * {@link FrameParser#feedOwned}, what the gateway does with a socket read (header decode, unmask
 * in place, a slice). The latter flips the same buffer between masked and unmasked on every call,
 * which is the same work. The {@code bytes} counter is frame bytes (header + payload).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameParserBenchmark {

  private static final long NO_LIMIT = Long.MAX_VALUE;
  private static final int MASK_KEY = 0x37FA213D;

  @Param({"64", "1024", "16384"})
  public int payloadSize;

  private Buffer frame;
  private FrameParser parser;

  @Setup
  public void setUp(Blackhole blackhole) {
    frame = Frames.maskedFrame(OpCode.BINARY, Frames.ascii(payloadSize), MASK_KEY);
    parser = new FrameParser(NO_LIMIT, 0, new ConsumingListener(blackhole));
  }

  @Benchmark
  public void parseMaskedFrame(ByteCounter counter) {
    parser.feed(frame);
    counter.bytes += frame.length();
  }

  @Benchmark
  public void parseOwnedMaskedFrame(ByteCounter counter) {
    parser.feedOwned(frame);
    counter.bytes += frame.length();
  }

  /** Hands everything to the Blackhole so the JIT cannot drop the work. */
  private static final class ConsumingListener implements FrameListener {
    private final Blackhole blackhole;

    ConsumingListener(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @Override
    public void onDataFrameStart(boolean fin, int rsv, OpCode opCode, long payloadLength) {
      blackhole.consume(payloadLength);
    }

    @Override
    public void onDataPayload(Buffer chunk) {
      blackhole.consume(chunk);
    }

    @Override
    public void onDataFrameEnd() {
    }

    @Override
    public void onControlFrame(Frame frame) {
      blackhole.consume(frame);
    }
  }
}
