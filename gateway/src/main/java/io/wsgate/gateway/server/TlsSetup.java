package io.wsgate.gateway.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.wsgate.gateway.config.ConfigException;
import io.wsgate.gateway.config.TlsSettings;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * TLS for the WebSocket port: the PEM files of {@code server.tls} are read once at start-up
 * (async) and checked, so a bad path or file names its key instead of failing at listen time.
 */
public final class TlsSetup {

  /** TLS 1.0 and 1.1 are deprecated (RFC 8996). */
  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private TlsSetup() {
  }

  /** The key and certificate, or null when {@code tls} is null (plain ws://). */
  public static Future<PemKeyCertOptions> load(Vertx vertx, TlsSettings tls) {
    if (tls == null) {
      return Future.succeededFuture(null);
    }
    Future<Buffer> cert = read(vertx, tls.certPath(), "server.tls.certPath", "-----BEGIN CERTIFICATE-----");
    Future<Buffer> key = read(vertx, tls.keyPath(), "server.tls.keyPath", "PRIVATE KEY-----");
    return Future.all(cert, key).map(v -> {
      PemKeyCertOptions options = new PemKeyCertOptions().setCertValue(cert.result()).setKeyValue(key.result());
      try {
        options.getKeyManagerFactory(vertx);
      } catch (Exception e) {
        throw new ConfigException("server.tls", "cannot use certificate " + tls.certPath() + " with key "
            + tls.keyPath() + ": " + e.getMessage());
      }
      return options;
    });
  }

  /** Turns TLS on for the listener: TLS 1.2 and 1.3 only, handshake within the handshake timeout. */
  static NetServerOptions apply(NetServerOptions options, PemKeyCertOptions keyCert, long handshakeTimeoutMs) {
    return options.setSsl(true)
        .setKeyCertOptions(keyCert)
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setSslHandshakeTimeout(handshakeTimeoutMs)
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  private static Future<Buffer> read(Vertx vertx, String path, String key, String marker) {
    return vertx.fileSystem().readFile(path)
        .recover(e -> Future.failedFuture(new ConfigException(key, "cannot read " + path + ": " + e.getMessage())))
        .compose(pem -> pem.toString().contains(marker) ? Future.succeededFuture(pem)
            : Future.failedFuture(new ConfigException(key, path + " is not a PEM file with " + marker)));
  }
}
