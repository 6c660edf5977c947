package io.wsgate.bench.loadgen.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident memory of a process, from Linux {@code /proc}. Returns -1 when the
 * process (or /proc) is not there, so a report shows "unknown" rather than a wrong number.
 */
public final class ProcStats {

  /** USER_HZ: /proc/PID/stat counts CPU in clock ticks of 1/100 s on every Linux ABI we run on. */
  private static final long NANOS_PER_TICK = 10_000_000L;
  /**
   * utime and stime are fields 14 and 15 of /proc/PID/stat. The command name (field 2) may hold
   * spaces, so fields are counted from the ") " that ends it, where field 3 has index 0.
   */
  private static final int UTIME_AFTER_COMM = 11;
  private static final int STIME_AFTER_COMM = 12;
  private static final long BYTES_PER_KB = 1024;
  private static final String RSS_KEY = "VmRSS:";

  private ProcStats() {
  }

  /** CPU time (user + system) of this JVM, in nanoseconds. */
  public static long selfCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return cpuNanos(ProcessHandle.current().pid());
  }

  /** CPU time (user + system) of a process, in nanoseconds, with tick (10 ms) resolution. */
  public static long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[UTIME_AFTER_COMM]) + Long.parseLong(fields[STIME_AFTER_COMM]);
      return ticks * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Resident set size (VmRSS) of a process, in bytes. */
  public static long rssBytes(long pid) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
      for (String line : lines) {
        if (line.startsWith(RSS_KEY)) {
          String kb = line.substring(RSS_KEY.length()).trim().split("\\s+")[0];
          return Long.parseLong(kb) * BYTES_PER_KB;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The 1-minute load average (/proc/loadavg), or -1. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
