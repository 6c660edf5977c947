package io.wsgate.bench.loadgen.ws;

/** Where the server listens. */
public record Endpoint(String host, int port) {

  /** The Host header value. */
  public String hostHeader() {
    return host + ":" + port;
  }

  @Override
  public String toString() {
    return "ws://" + hostHeader();
  }
}
