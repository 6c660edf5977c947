package io.wsgate.gateway.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.wsgate.gateway.config.ConfigException;
import io.wsgate.gateway.config.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509KeyManager;

/**
 * TLS for the WebSocket port: the PEM files of {@code server.tls} are read once at start-up
 * (async) and checked, so a bad path or file names its key instead of failing at listen time.
 */
public final class TlsSetup {

  private static final byte[] PROBE = "wsgate".getBytes(StandardCharsets.US_ASCII);

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
    // Both read at once; a problem with the certificate is reported first, whatever finishes first.
    return Future.join(cert, key).transform(done -> cert.failed() ? Future.<Void>failedFuture(cert.cause())
        : key.failed() ? Future.<Void>failedFuture(key.cause()) : Future.<Void>succeededFuture()).map(v -> {
      PemKeyCertOptions options = new PemKeyCertOptions().setCertValue(cert.result()).setKeyValue(key.result());
      String problem;
      try {
        problem = mismatch((X509KeyManager) options.getKeyManagerFactory(vertx).getKeyManagers()[0]);
      } catch (Exception e) {
        problem = String.valueOf(e.getMessage());
      }
      if (problem != null) {
        throw new ConfigException("server.tls", "cannot use certificate " + tls.certPath() + " with key "
            + tls.keyPath() + ": " + problem);
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

  /**
   * Why the key does not belong to the certificate, or null when it does: a renewed certificate
   * deployed with the old key would otherwise fail every TLS handshake of a gateway that reports
   * ready.
   */
  private static String mismatch(X509KeyManager keys) throws GeneralSecurityException {
    for (String type : List.of("RSA", "EC")) {
      String[] aliases = keys.getServerAliases(type, null);
      if (aliases == null || aliases.length == 0) {
        continue;
      }
      PrivateKey key = keys.getPrivateKey(aliases[0]);
      PublicKey certified = keys.getCertificateChain(aliases[0])[0].getPublicKey();
      Signature signature = Signature.getInstance(type.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA");
      signature.initSign(key);
      signature.update(PROBE);
      byte[] signed = signature.sign();
      try {
        signature.initVerify(certified);
        signature.update(PROBE);
        return signature.verify(signed) ? null : "the key does not belong to the certificate";
      } catch (InvalidKeyException e) {
        return "the key does not belong to the certificate";
      }
    }
    return "no RSA or EC key found";
  }

  private static Future<Buffer> read(Vertx vertx, String path, String key, String marker) {
    return vertx.fileSystem().readFile(path)
        .recover(e -> Future.failedFuture(new ConfigException(key, "cannot read " + path + ": " + e.getMessage())))
        .compose(pem -> pem.toString().contains(marker) ? Future.succeededFuture(pem)
            : Future.failedFuture(new ConfigException(key, path + " is not a PEM file with " + marker)));
  }
}
