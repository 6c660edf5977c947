package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepliesTest {

  @Test
  void messageSplicesTheEncodedDataIntoValidJson() {
    JsonObject data = new JsonObject().put("t", "\"quoted\" \u20ac \uD83D\uDE00\n");
    JsonObject message = new JsonObject(Replies.message("team:1", "a.b", 42, data.encode()).toString());
    assertEquals(new JsonObject().put("op", "message").put("room", "team:1").put("from", "a.b").put("seq", 42)
        .put("data", data), message);
  }

  @Test
  void directSplicesTheEncodedData() {
    assertEquals(new JsonObject().put("op", "direct").put("from", "bob").put("data", new JsonArray().add(1)),
        new JsonObject(Replies.direct("bob", "[1]").toString()));
  }

  @Test
  void errorHasTheIdSecondAndOnlyWhenGiven() {
    assertEquals("{\"op\":\"error\",\"id\":\"x\",\"code\":\"bad_room\",\"message\":\"m\"}",
        Replies.error(ErrorCode.BAD_ROOM, "m", "x").toString());
    assertEquals("{\"op\":\"error\",\"code\":\"bad_json\",\"message\":\"m\"}",
        Replies.error(ErrorCode.BAD_JSON, "m", null).toString());
  }

  @Test
  void repliesEchoTheId() {
    assertEquals("{\"op\":\"joined\",\"room\":\"r\",\"users\":[\"a\",\"b\"],\"id\":1}",
        Replies.joined("r", List.of("a", "b"), 1).toString());
    assertEquals("{\"op\":\"left\",\"room\":\"r\"}", Replies.left("r", null).toString());
    assertEquals("{\"op\":\"published\",\"room\":\"r\",\"seq\":3,\"id\":\"p\"}", Replies.published("r", 3, "p").toString());
    assertEquals("{\"op\":\"sent\",\"to\":\"b\",\"connections\":2}", Replies.sent("b", 2, null).toString());
    assertEquals("{\"op\":\"presence\",\"room\":\"r\",\"event\":\"join\",\"user\":\"u\"}",
        Replies.presenceEvent("r", "join", "u").toString());
  }
}
