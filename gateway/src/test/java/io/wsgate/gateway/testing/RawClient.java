package io.wsgate.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A deliberately dumb WebSocket client over a blocking socket for tests: it writes exactly the
 * bytes a test asks for (bad ones included) and reads what the server sends back, frame by frame.
 */
public final class RawClient implements Closeable {

  /** A frame as received from the server. */
  public record ServerFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** For a Close frame: the status code, or -1 when the body is empty. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
    }

    public String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  /** An HTTP response head. Header names are lowercased. */
  public record HttpResponse(int status, String statusLine, Map<String, String> headers, String body) {
  }

  public static final int OP_CONTINUATION = 0x0;
  public static final int OP_TEXT = 0x1;
  public static final int OP_BINARY = 0x2;
  public static final int OP_CLOSE = 0x8;
  public static final int OP_PING = 0x9;
  public static final int OP_PONG = 0xA;

  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Random random = new Random(6455);

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  public static RawClient connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(5000);
    return new RawClient(socket);
  }

  /** Connects from the loopback address {@code localHost} (e.g. 127.0.0.5), as a client of that address. */
  public static RawClient connectFrom(String localHost, int port) throws IOException {
    Socket socket = new Socket();
    socket.bind(new java.net.InetSocketAddress(localHost, 0));
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(5000);
    return new RawClient(socket);
  }

  /** The local port this client connects from. */
  public int localPort() {
    return socket.getLocalPort();
  }

  /** Connects and completes a valid handshake on {@code path}; fails unless the server answers 101. */
  public static RawClient open(int port, String path) throws IOException {
    return upgrade(connect(port), path);
  }

  /** {@link #open} from a loopback source address of its own, as {@link #connectFrom}. */
  public static RawClient openFrom(String loopbackAddress, int port, String path) throws IOException {
    return upgrade(connectFrom(loopbackAddress, port), path);
  }

  private static RawClient upgrade(RawClient client, String path) throws IOException {
    client.write(upgradeRequest(path, ""));
    HttpResponse response = client.readHttpResponse();
    if (response.status() != 101) {
      throw new IOException("expected 101, got " + response.statusLine() + " " + response.body());
    }
    return client;
  }

  /**
   * Completes a valid handshake on {@code path} over a socket the test connected itself (with
   * options set before the connect: a small receive buffer, a source address); fails unless the
   * server answers 101.
   */
  public static RawClient open(Socket connected, String path) throws IOException {
    connected.setTcpNoDelay(true);
    connected.setSoTimeout(5000);
    RawClient client = new RawClient(connected);
    client.write(upgradeRequest(path, ""));
    HttpResponse response = client.readHttpResponse();
    if (response.status() != 101) {
      throw new IOException("expected 101, got " + response.statusLine() + " " + response.body());
    }
    return client;
  }

  /** A valid upgrade request for {@code path}; {@code extraHeaders} are CRLF-terminated lines. */
  public static String upgradeRequest(String path, String extraHeaders) {
    return "GET " + path + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + KEY + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + extraHeaders
        + "\r\n";
  }

  public void setTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  public void write(String ascii) throws IOException {
    write(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Writes one byte per write() call, flushing each, to exercise partial reads on the server. */
  public void writeByteByByte(byte[] bytes) throws IOException {
    for (byte b : bytes) {
      out.write(b);
      out.flush();
    }
  }

  /** A masked client frame with the given header fields (any RSV/opcode value, for bad input). */
  public byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
    return encode(fin, rsv, opcode, payload, true, random.nextInt());
  }

  public void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
    write(frame(fin, 0, opcode, payload));
  }

  public void sendText(String text) throws IOException {
    sendFrame(true, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  public void sendClose(int code, String reason) throws IOException {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[2 + text.length];
    body[0] = (byte) (code >> 8);
    body[1] = (byte) code;
    System.arraycopy(text, 0, body, 2, text.length);
    sendFrame(true, OP_CLOSE, body);
  }

  /** Encodes a frame; {@code masked=false} produces the (invalid) unmasked client frame. */
  public static byte[] encode(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, int maskKey) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xF));
    int maskBit = masked ? 0x80 : 0;
    if (payload.length <= 125) {
      frame.write(maskBit | payload.length);
    } else if (payload.length <= 0xFFFF) {
      frame.write(maskBit | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    } else {
      frame.write(maskBit | 127);
      long length = payload.length;
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) (length >> shift));
      }
    }
    byte[] key = {(byte) (maskKey >> 24), (byte) (maskKey >> 16), (byte) (maskKey >> 8), (byte) maskKey};
    if (masked) {
      frame.write(key, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      frame.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
    }
    return frame.toByteArray();
  }

  public HttpResponse readHttpResponse() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside the HTTP response head: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    String body = "";
    String length = headers.get("content-length");
    if (length != null) {
      body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
    }
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    return new HttpResponse(status, lines[0], headers, body);
  }

  public ServerFrame readFrame() throws IOException {
    int b0 = readByte();
    int b1 = readByte();
    long length = b1 & 0x7F;
    if (length == 126) {
      length = (readByte() << 8) | readByte();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | readByte();
      }
    }
    boolean masked = (b1 & 0x80) != 0;
    byte[] key = masked ? in.readNBytes(4) : null;
    byte[] payload = in.readNBytes((int) length);
    if (payload.length != length) {
      throw new IOException("connection closed inside a frame payload");
    }
    if (masked) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= key[i & 3];
      }
    }
    return new ServerFrame((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0xF, masked, payload);
  }

  /** Reads frames until a Close arrives (skipping data and pings) and returns it. */
  public ServerFrame readUntilClose() throws IOException {
    while (true) {
      ServerFrame frame = readFrame();
      if (frame.opcode() == OP_CLOSE) {
        return frame;
      }
    }
  }

  /** True when the server closed TCP (EOF or reset) within the socket timeout. */
  public boolean serverClosedTcp() throws IOException {
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Reads exactly {@code n} raw bytes (e.g. a frame header, to check how the length is encoded). */
  public byte[] readBytes(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new IOException("connection closed after " + bytes.length + " of " + n + " bytes");
    }
    return bytes;
  }

  /** Half-closes: sends FIN, keeps reading (a client that stops mid-frame but still listens). */
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Drops the connection with a TCP RST instead of a FIN (SO_LINGER 0), like a crashed peer. */
  public void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new IOException("connection closed by the server");
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
