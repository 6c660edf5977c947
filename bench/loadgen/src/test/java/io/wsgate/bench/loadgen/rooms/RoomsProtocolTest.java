package io.wsgate.bench.loadgen.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RoomsProtocolTest {

  @Test
  void joinIsOneJsonObject() {
    JsonObject join = new JsonObject(Buffer.buffer(RoomsProtocol.join("bench-r3")));
    assertEquals(new JsonObject().put("op", "join").put("room", "bench-r3"), join);
  }

  @Test
  void publishTemplateWrapsTheDataInValidJson() {
    RoomsProtocol.PublishTemplate template = RoomsProtocol.PublishTemplate.forRoom("bench-r3");
    byte[] data = "0123abcdXYZ".getBytes(StandardCharsets.US_ASCII);
    byte[] message = new byte[template.length(data.length)];
    int at = template.writeAround(message, 0, data.length);
    System.arraycopy(data, 0, message, at, data.length);
    JsonObject publish = new JsonObject(Buffer.buffer(message));
    assertEquals(new JsonObject().put("op", "publish").put("room", "bench-r3").put("data", "0123abcdXYZ"), publish);
  }

  @Test
  void parsesARoomMessage() {
    RoomsProtocol.Incoming in = RoomsProtocol.parse(Buffer.buffer(
        "{\"op\":\"message\",\"room\":\"lobby\",\"from\":\"u7\",\"seq\":12,\"data\":\"hi\"}"));
    assertEquals("message", in.op());
    assertEquals("lobby", in.room());
    assertEquals("u7", in.from());
    assertEquals(12, in.seq());
    assertEquals("hi", in.data());
  }

  @Test
  void nonStringDataAndMissingSeqAreReportedAsAbsent() {
    RoomsProtocol.Incoming in = RoomsProtocol.parse(Buffer.buffer("{\"op\":\"message\",\"data\":{\"a\":1}}"));
    assertNull(in.data());
    assertEquals(-1, in.seq());
  }

  @Test
  void somethingThatIsNotAJsonObjectIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> RoomsProtocol.parse(Buffer.buffer("[1,2]")));
    assertThrows(IllegalArgumentException.class, () -> RoomsProtocol.parse(Buffer.buffer("not json")));
  }

  @Test
  void unsafeNamesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> RoomsProtocol.join("a\"b"));
    assertThrows(IllegalArgumentException.class, () -> RoomsProtocol.connectPath("/rooms", "a b"));
  }
}
