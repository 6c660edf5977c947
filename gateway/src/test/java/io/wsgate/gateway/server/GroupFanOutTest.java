package io.wsgate.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wsgate.gateway.Gateway;
import io.wsgate.gateway.testing.RawClient;
import io.wsgate.gateway.testing.TestGateway;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Group membership and fan-out through the contract (join/leave commands, publish to a group). */
@ExtendWith(VertxExtension.class)
class GroupFanOutTest {

  private static Gateway gateway;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    JsonObject config = TestGateway.config();
    config.getJsonArray("routes").add(new JsonObject()
        .put("path", "/scripted").put("router", ScriptedRouter.class.getName()));
    gateway = TestGateway.start(vertx, config);
  }

  private static RawClient member(String group) throws Exception {
    RawClient client = RawClient.open(gateway.webSocketPort(), "/scripted");
    client.sendText("join " + group);
    assertEquals("joined " + group, client.readFrame().text());
    return client;
  }

  @Test
  void publishReachesEveryMemberOnEveryEventLoop() throws Exception {
    List<RawClient> members = new ArrayList<>();
    try {
      // Six clients over two server instances: both event loops hold members.
      for (int i = 0; i < 6; i++) {
        members.add(member("g1"));
      }
      members.get(0).sendText("publish g1 hello");
      for (RawClient member : members) {
        assertEquals("hello", member.readFrame().text());
      }
    } finally {
      for (RawClient member : members) {
        member.close();
      }
    }
  }

  @Test
  void excludedSenderDoesNotReceiveItsOwnMessage() throws Exception {
    try (RawClient alice = member("g2"); RawClient bob = member("g2")) {
      alice.sendText("others g2 hi-bob");
      assertEquals("hi-bob", bob.readFrame().text());
      // Alice gets nothing: her next frame is the echo of a later message.
      alice.sendText("ping-self");
      assertEquals("ping-self", alice.readFrame().text());
    }
  }

  @Test
  void leftMemberNoLongerReceives() throws Exception {
    try (RawClient alice = member("g3"); RawClient bob = member("g3")) {
      bob.sendText("leave g3");
      assertEquals("left g3", bob.readFrame().text());
      alice.sendText("publish g3 after-leave");
      assertEquals("after-leave", alice.readFrame().text());
      bob.setTimeout(300);
      assertThrows(SocketTimeoutException.class, bob::readFrame);
    }
  }

  @Test
  void closedConnectionLeavesItsGroups() throws Exception {
    try (RawClient alice = member("g4")) {
      RawClient bob = member("g4");
      bob.sendClose(1000, "");
      assertEquals(RawClient.OP_CLOSE, bob.readFrame().opcode());
      bob.close();
      // The group still works for the remaining member, and nothing is written to Bob's socket.
      alice.sendText("publish g4 still-here");
      assertEquals("still-here", alice.readFrame().text());
    }
  }
}
