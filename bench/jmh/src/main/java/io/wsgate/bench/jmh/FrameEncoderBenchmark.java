package io.wsgate.bench.jmh;

import io.vertx.core.buffer.Buffer;
import io.wsgate.gateway.protocol.FrameEncoder;
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

/** {@link FrameEncoder#encode}: one unmasked server frame (allocation + header + payload copy) per operation. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameEncoderBenchmark {

  @Param({"64", "1024", "16384"})
  public int payloadSize;

  private Buffer payload;

  @Setup
  public void setUp() {
    payload = Buffer.buffer(Frames.ascii(payloadSize));
  }

  @Benchmark
  public Buffer encodeText(ByteCounter counter) {
    Buffer frame = FrameEncoder.encode(OpCode.TEXT, payload);
    counter.bytes += frame.length();
    return frame;
  }
}
