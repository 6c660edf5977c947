package io.wsgate.gateway.conformance;

import static io.wsgate.gateway.conformance.Conformance.ECHO;
import static io.wsgate.gateway.conformance.Conformance.assertFailsWith;
import static io.wsgate.gateway.conformance.Conformance.assertStillServing;
import static io.wsgate.gateway.conformance.Conformance.concat;
import static io.wsgate.gateway.conformance.Conformance.prefix;
import static io.wsgate.gateway.conformance.Conformance.randomBytes;
import static io.wsgate.gateway.conformance.Conformance.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.TestGateway;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever one client does wrong — garbage instead of a handshake, a bad frame, a reset or a FIN
 * in the middle of a frame — the gateway keeps serving everyone else.
 */
@ExtendWith(VertxExtension.class)
class MalformedInputKeepsServingTest {

  private static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    port = TestGateway.start(vertx, TestGateway.config()).webSocketPort();
  }

  /** One misbehaving client; returns normally once it has done its damage. */
  interface Misbehaviour {
    void run(int port) throws IOException;
  }

  static Stream<Arguments> misbehaviours() {
    return Stream.of(
        Arguments.of("garbage bytes instead of a handshake", (Misbehaviour) p -> {
          try (RawClient c = RawClient.connect(p)) {
            c.write(randomBytes(300, 1));
            c.setTimeout(300);
            c.serverClosedTcp(); // may wait for the handshake timeout: not asserted here
          }
        }),
        Arguments.of("TLS ClientHello on the plain port", (Misbehaviour) p -> {
          try (RawClient c = RawClient.connect(p)) {
            c.write(concat(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xC8, 0x01}, randomBytes(200, 2)));
            c.setTimeout(300);
            c.serverClosedTcp(); // no CRLF CRLF: dropped at the handshake timeout, not asserted here
          }
        }),
        Arguments.of("plain HTTP GET", (Misbehaviour) p -> {
          try (RawClient c = RawClient.connect(p)) {
            c.write("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(400, c.readHttpResponse().status());
            assertTrue(c.serverClosedTcp());
          }
        }),
        Arguments.of("bad handshake then frames anyway", (Misbehaviour) p -> {
          try (RawClient c = RawClient.connect(p)) {
            c.write(concat(utf8("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"),
                c.frame(true, 0, RawClient.OP_TEXT, utf8("ignored"))));
            assertEquals(404, c.readHttpResponse().status());
            assertTrue(c.serverClosedTcp());
          }
        }),
        Arguments.of("reset during the handshake", (Misbehaviour) p -> {
          RawClient c = RawClient.connect(p);
          c.write("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr");
          c.abort();
        }),
        Arguments.of("reset right after connecting", (Misbehaviour) p -> RawClient.connect(p).abort()),
        Arguments.of("FIN right after connecting", (Misbehaviour) p -> {
          try (RawClient c = RawClient.connect(p)) {
            c.shutdownOutput();
            assertTrue(c.serverClosedTcp(), "server must close a connection whose client sent FIN");
          }
        }),
        Arguments.of("bad frame (RSV1)", (Misbehaviour) p -> {
          try (RawClient c = RawClient.open(p, ECHO)) {
            c.write(c.frame(true, 0b100, RawClient.OP_TEXT, utf8("x")));
            assertFailsWith(c, 1002);
          }
        }),
        Arguments.of("bad frame (unmasked)", (Misbehaviour) p -> {
          try (RawClient c = RawClient.open(p, ECHO)) {
            c.write(RawClient.encode(true, 0, RawClient.OP_BINARY, new byte[] {1}, false, 0));
            assertFailsWith(c, 1002);
          }
        }),
        Arguments.of("bad UTF-8", (Misbehaviour) p -> {
          try (RawClient c = RawClient.open(p, ECHO)) {
            c.sendFrame(true, RawClient.OP_TEXT, new byte[] {(byte) 0xC0, (byte) 0x80});
            assertFailsWith(c, 1007);
          }
        }),
        Arguments.of("random bytes after the handshake", (Misbehaviour) p -> {
          try (RawClient c = RawClient.open(p, ECHO)) {
            c.write(randomBytes(2000, 3));
            c.setTimeout(300);
            c.serverClosedTcp(); // may parse as the start of a long frame: not asserted here
          }
        }),
        Arguments.of("reset in the middle of a frame header", (Misbehaviour) p -> {
          RawClient c = RawClient.open(p, ECHO);
          c.write(prefix(c.frame(true, 0, RawClient.OP_BINARY, randomBytes(70_000, 4)), 5));
          c.abort();
        }),
        Arguments.of("reset in the middle of a frame payload", (Misbehaviour) p -> {
          RawClient c = RawClient.open(p, ECHO);
          c.write(prefix(c.frame(true, 0, RawClient.OP_BINARY, randomBytes(70_000, 5)), 30_000));
          c.abort();
        }),
        Arguments.of("reset in the middle of a fragmented message", (Misbehaviour) p -> {
          RawClient c = RawClient.open(p, ECHO);
          c.write(c.frame(false, 0, RawClient.OP_TEXT, utf8("first half")));
          c.abort();
        }),
        Arguments.of("half a frame, then FIN", (Misbehaviour) p -> {
          try (RawClient c = RawClient.open(p, ECHO)) {
            c.write(prefix(c.frame(true, 0, RawClient.OP_TEXT, utf8("half a frame")), 9));
            c.shutdownOutput();
            assertTrue(c.serverClosedTcp(), "server must close a connection whose client sent FIN mid-frame");
          }
        }),
        Arguments.of("half a frame, then close", (Misbehaviour) p -> {
          RawClient c = RawClient.open(p, ECHO);
          c.write(prefix(c.frame(true, 0, RawClient.OP_TEXT, utf8("half a frame")), 9));
          c.close();
        }),
        Arguments.of("reset after sending Close, before reading the answer", (Misbehaviour) p -> {
          RawClient c = RawClient.open(p, ECHO);
          c.sendClose(1000, "");
          c.abort();
        }),
        Arguments.of("many messages, then reset without reading", (Misbehaviour) p -> {
          RawClient c = RawClient.open(p, ECHO);
          byte[] frame = c.frame(true, 0, RawClient.OP_BINARY, randomBytes(32 * 1024, 6));
          for (int i = 0; i < 32; i++) {
            c.write(frame);
          }
          c.abort();
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misbehaviours")
  void aNewClientIsServedAfter(String label, Misbehaviour misbehaviour) throws Exception {
    misbehaviour.run(port);
    assertStillServing(port);
  }

  @Test
  void concurrentMisbehavingClientsDoNotDisturbAWellBehavedOne() throws Exception {
    List<Misbehaviour> all = new ArrayList<>();
    misbehaviours().forEach(a -> all.add((Misbehaviour) a.get()[1]));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (RawClient good = RawClient.open(port, ECHO)) {
      List<Future<?>> running = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (Misbehaviour m : all) {
          running.add(pool.submit(() -> {
            m.run(port);
            return null;
          }));
        }
      }
      for (int i = 0; i < 50; i++) {
        good.sendText("good " + i);
        Conformance.assertEcho(good, RawClient.OP_TEXT, utf8("good " + i));
      }
      for (Future<?> f : running) {
        f.get(20, TimeUnit.SECONDS);
      }
      good.sendText("after the storm");
      Conformance.assertEcho(good, RawClient.OP_TEXT, utf8("after the storm"));
    } finally {
      pool.shutdownNow();
    }
    assertStillServing(port);
  }
}
