package io.wsgate.gateway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external test script, echoing its output line by line with a label. */
public final class Scripts {

  /** Exit code and everything the script printed (stdout and stderr). */
  public record Result(int exitCode, String output) {
  }

  private Scripts() {
  }

  /** Runs {@code command} in {@code dir}; kills it and fails after {@code timeout}. */
  public static Result run(String label, List<String> command, Path dir, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    System.out.println("[" + label + "] $ " + String.join(" ", command));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    Process process = builder.start();
    StringBuffer output = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.append(line).append('\n');
          System.out.println("[" + label + "] " + line);
        }
      } catch (IOException e) {
        output.append("<output read error: ").append(e).append(">\n");
      }
    }, label + "-output");
    reader.setDaemon(true);
    reader.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      reader.join(5_000);
      throw new AssertionError(label + " did not finish within " + timeout + "; output so far:\n" + output);
    }
    reader.join(10_000);
    return new Result(process.exitValue(), output.toString());
  }
}
