package io.wsgate.bench.loadgen.cli;

/** A bad command line: the message says what to fix; the program exits with code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
