package io.wsgate.bench.jmh;

import io.vertx.core.buffer.Buffer;
import io.wsgate.gateway.protocol.Utf8Validator;
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

/**
 * {@link Utf8Validator#isValid} on pure ASCII (the 8-bytes-at-a-time fast path) and on mixed
 * text with 2-, 3- and 4-byte sequences (the table-driven automaton).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Utf8ValidatorBenchmark {

  @Param({"64", "1024", "16384"})
  public int size;

  @Param({"ascii", "mixed"})
  public String text;

  private Buffer payload;

  @Setup
  public void setUp() {
    byte[] bytes = "ascii".equals(text) ? Frames.ascii(size) : Frames.mixedUtf8(size);
    payload = Buffer.buffer(bytes);
    if (!Utf8Validator.isValid(payload)) {
      throw new IllegalStateException("benchmark input is not valid UTF-8");
    }
  }

  @Benchmark
  public boolean isValid(ByteCounter counter) {
    counter.bytes += payload.length();
    return Utf8Validator.isValid(payload);
  }
}
