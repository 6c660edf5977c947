package io.wsgate.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the openssl CLI
 * (a tool CI installs; a test without it fails rather than skips), and a client SSLContext that
 * trusts exactly that certificate.
 */
public final class TestCertificate {

  private final Path certPath;
  private final Path keyPath;

  private TestCertificate(Path certPath, Path keyPath) {
    this.certPath = certPath;
    this.keyPath = keyPath;
  }

  /** An EC P-256 key and certificate valid for two days, as PEM files in {@code dir}. */
  public static TestCertificate create(Path dir) throws IOException, InterruptedException {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    OpenSsl.Result result = OpenSsl.run(null, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-days", "2", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout", key.toString(), "-out", cert.toString());
    if (result.exitCode() != 0 || !Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
      throw new IllegalStateException("openssl could not make a certificate: " + result.output());
    }
    return new TestCertificate(cert, key);
  }

  public Path certPath() {
    return certPath;
  }

  public Path keyPath() {
    return keyPath;
  }

  /** TLS client context trusting this certificate only. */
  public SSLContext clientContext() {
    try (InputStream in = Files.newInputStream(certPath)) {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("wsgate-test", certificate);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("cannot trust " + certPath, e);
    }
  }

  /** The openssl CLI, run as a child process with a time limit. */
  public static final class OpenSsl {

    /** Exit code and everything the command printed (stdout and stderr). */
    public record Result(int exitCode, String output) {
    }

    private OpenSsl() {
    }

    /** Runs {@code openssl ARGS}; {@code stdin} is written then closed (null: nothing). */
    public static Result run(String stdin, String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add("openssl");
      command.addAll(List.of(args));
      Process process;
      try {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IllegalStateException("the openssl CLI is needed for the TLS tests (Debian: apt-get install openssl): " + e);
      }
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("openssl " + args[0] + " did not finish within 30 s");
      }
      return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
