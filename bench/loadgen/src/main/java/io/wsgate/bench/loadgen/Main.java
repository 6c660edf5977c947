package io.wsgate.bench.loadgen;

import io.wsgate.bench.loadgen.cli.Options;
import io.wsgate.bench.loadgen.cli.UsageException;
import io.wsgate.bench.loadgen.mode.BroadcastMode;
import io.wsgate.bench.loadgen.mode.ConnectMode;
import io.wsgate.bench.loadgen.mode.EchoMode;
import io.wsgate.bench.loadgen.mode.Mode;
import io.wsgate.bench.loadgen.mode.RoomsMode;
import io.wsgate.bench.loadgen.mode.Run;
import io.wsgate.bench.loadgen.mode.SoakMode;
import io.wsgate.bench.loadgen.report.RunReport;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar loadgen.jar MODE [--option value ...]}; see {@link #USAGE} and
 * docs/benchmarks.md. Prints a human summary and one JSON line per run (also appended to
 * {@code --out FILE}). Exit code 0 when the run verified every message and lost none, 1 when
 * it did not, 2 for a bad command line.
 */
public final class Main {

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar loadgen.jar MODE [--option value ...]",
      "modes:",
      "  echo       --connections 100 --in-flight 1 --size 64 --type text|binary [--path /echo]",
      "  broadcast  --receivers 1000 --size 64 --type text|binary [--rate MSGS_PER_S] [--window 16] [--path /broadcast]",
      "  rooms      --rooms 100 --members 10 --publishers 1 --size 64 [--rate PER_PUBLISHER] [--window 8] [--path /rooms]",
      "  connect    --connections 10000 --hold 2 [--warmup-connections 200] [--heap none|jcmd] [--path /echo]",
      "  soak       --connections 10000 --management-port P --server-pid PID [--broadcast-receivers 100]",
      "             [--broadcast-rate 10] [--interval 2] [--size 64] [--max-heap-growth-mb 16] [--fd-slack 16]",
      "             (gateway only: /echo and /broadcast, heap and open files from its /metrics)",
      "  wait       --port P [--path /echo] [--timeout 30]   (exit 0 once a handshake succeeds)",
      "common: --host 127.0.0.1 --port 8080 --warmup 2 --duration 10 --drain-timeout 5 --threads 1",
      "        --connect-parallelism 100 --source-addresses 1 --max-messages N --subprotocol NAME",
      "        --server-pid PID (server CPU and RSS)  --peer NAME --scenario NAME --repeat N --out FILE.jsonl");

  private Main() {
  }

  public static void main(String[] args) {
    int code;
    try {
      code = run(Arrays.asList(args));
    } catch (RuntimeException | Error e) {
      // Exit explicitly: a lingering non-daemon thread must not keep a broken run alive.
      e.printStackTrace();
      code = EXIT_FAILED;
    }
    System.exit(code);
  }

  /** Runs one command; returns the exit code. Public for the smoke test, which runs it in-process. */
  public static int run(List<String> args) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      System.out.println(USAGE);
      return args.isEmpty() ? EXIT_USAGE : EXIT_OK;
    }
    String modeName = args.get(0);
    try {
      Options options = Options.parse(args.subList(1, args.size()));
      if (modeName.equals("wait")) {
        return WaitCommand.run(options) ? EXIT_OK : EXIT_FAILED;
      }
      RunReport report = runMode(modeName, options);
      System.out.println(report.human());
      System.out.println(report.json().encode());
      return report.ok() ? EXIT_OK : EXIT_FAILED;
    } catch (UsageException e) {
      System.err.println("loadgen: " + e.getMessage());
      System.err.println(USAGE);
      return EXIT_USAGE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_FAILED;
    } catch (java.io.IOException e) {
      System.err.println("loadgen: cannot write results: " + e);
      return EXIT_FAILED;
    }
  }

  /** Runs one mode and writes its JSON line to {@code --out} if given. */
  public static RunReport runMode(String modeName, Options options) throws InterruptedException, java.io.IOException {
    Mode mode = switch (modeName) {
      case "echo" -> new EchoMode();
      case "broadcast" -> new BroadcastMode();
      case "rooms" -> new RoomsMode();
      case "connect" -> new ConnectMode();
      case "soak" -> new SoakMode();
      default -> throw new UsageException("unknown mode \"" + modeName + "\"");
    };
    RunReport.Labels labels = new RunReport.Labels(options.string("peer", "unknown"),
        options.string("scenario", modeName), options.integer("repeat", 1, 0, Integer.MAX_VALUE));
    String out = options.string("out", null);
    RunReport report;
    try (Run run = new Run(options)) {
      mode.configure(run);
      options.rejectUnknown();
      report = RunReport.of(modeName, labels, run, mode.path(), mode.run(run));
    }
    if (out != null) {
      report.appendTo(Path.of(out));
    }
    return report;
  }
}
