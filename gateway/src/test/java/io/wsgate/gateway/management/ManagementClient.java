package io.wsgate.gateway.management;

import io.vertx.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Blocking HTTP calls to an in-process management server (call from the test thread). */
final class ManagementClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;

  ManagementClient(int port) {
    this.port = port;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String key) throws Exception {
    return send(request(path).header("Authorization", "Bearer " + key).GET());
  }

  HttpResponse<String> post(String path, String key, String body) throws Exception {
    return send(request(path).header("Authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The parsed JSON body of a response. */
  static Object json(HttpResponse<String> response) {
    return Json.decodeValue(response.body());
  }

  /**
   * A GET over a plain socket, for what the JDK client refuses to send (its own Host header);
   * returns the whole response, head and body.
   */
  String rawGet(String path, String hostHeader) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.UTF_8);
    }
  }
}
