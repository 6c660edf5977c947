package io.wsgate.bench.loadgen.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live heap of another JVM, for per-connection heap figures: {@code jcmd PID GC.run} (so only
 * live objects count) then {@code jcmd PID GC.heap_info}. Neither the gateway nor the peers
 * expose heap over HTTP, and jcmd works on any HotSpot JVM of the same user. The forced GC is
 * why this runs only outside the measured window. Returns -1 if jcmd is missing or fails.
 */
public final class HeapProbe {

  private static final long TIMEOUT_SECONDS = 30;
  /** G1: " garbage-first heap   total 1048576K, used 23141K [...]" */
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private static final long BYTES_PER_KB = 1024;

  private HeapProbe() {
  }

  public static long liveHeapBytes(long pid) {
    if (!forceGc(pid)) {
      return -1;
    }
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    String info = run(List.of(jcmd, Long.toString(pid), "GC.heap_info"));
    if (info == null) {
      return -1;
    }
    Matcher used = USED.matcher(info);
    return used.find() ? Long.parseLong(used.group(1)) * BYTES_PER_KB : -1;
  }

  /** {@code jcmd PID GC.run}: a full GC in that JVM; false if jcmd is missing or fails. */
  public static boolean forceGc(long pid) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    return run(List.of(jcmd, Long.toString(pid), "GC.run")) != null;
  }

  private static String run(List<String> command) {
    Path output = null;
    try {
      // Output to a file, not a pipe: a hung jcmd then cannot block us past the timeout.
      output = Files.createTempFile("loadgen-jcmd", ".txt");
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return null;
      }
      return process.exitValue() == 0 ? Files.readString(output, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }
}
