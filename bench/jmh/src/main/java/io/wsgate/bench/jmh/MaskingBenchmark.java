package io.wsgate.bench.jmh;

import io.wsgate.gateway.protocol.Masking;
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
 * Unmasking in place, three ways over the same array: the gateway's {@link Masking#unmask}
 * (8 bytes per step), a plain byte-by-byte XOR loop (what it replaced), and
 * {@code System.arraycopy} of the same size, the memory-bandwidth ceiling for touching every byte.
 * Each XOR run flips the data between masked and unmasked, which is fine: the work is the same.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskingBenchmark {

  private static final int MASK_KEY = 0x37FA213D;
  private static final int KEY_BYTES = 4;

  @Param({"64", "1024", "16384"})
  public int size;

  private byte[] data;
  private byte[] copy;
  private byte[] keyBytes;

  @Setup
  public void setUp() {
    data = Frames.ascii(size);
    copy = new byte[size];
    keyBytes = new byte[] {
        (byte) (MASK_KEY >>> 24), (byte) (MASK_KEY >>> 16), (byte) (MASK_KEY >>> 8), (byte) MASK_KEY};
  }

  @Benchmark
  public byte[] unmask(ByteCounter counter) {
    Masking.unmask(data, 0, data.length, MASK_KEY, 0);
    counter.bytes += size;
    return data;
  }

  @Benchmark
  public byte[] byteByByteXor(ByteCounter counter) {
    byte[] d = data;
    byte[] key = keyBytes;
    for (int i = 0; i < d.length; i++) {
      d[i] ^= key[i & (KEY_BYTES - 1)];
    }
    counter.bytes += size;
    return d;
  }

  @Benchmark
  public byte[] arraycopyCeiling(ByteCounter counter) {
    System.arraycopy(data, 0, copy, 0, size);
    counter.bytes += size;
    return copy;
  }
}
