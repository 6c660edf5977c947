package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class RequestParserTest {

  private static Request parse(String json) throws RequestException {
    return RequestParser.parse(Buffer.buffer(json));
  }

  private static RequestException error(String json) {
    return assertThrows(RequestException.class, () -> parse(json));
  }

  @Test
  void everyOp() throws Exception {
    assertEquals(new Request(Op.JOIN, "a", "lobby", null, null), parse("{\"op\":\"join\",\"room\":\"lobby\",\"id\":\"a\"}"));
    assertEquals(new Request(Op.LEAVE, 1, "lobby", null, null), parse("{\"op\":\"leave\",\"room\":\"lobby\",\"id\":1}"));
    assertEquals(new Request(Op.PUBLISH, null, "r", null, "{\"x\":[1,true,null]}"),
        parse("{\"op\":\"publish\",\"room\":\"r\",\"data\":{ \"x\" : [1, true, null] }}"));
    assertEquals(new Request(Op.DIRECT, 2.5, null, "bob", "\"hi\""), parse("{\"op\":\"direct\",\"to\":\"bob\",\"data\":\"hi\",\"id\":2.5}"));
    assertEquals(new Request(Op.PRESENCE, null, "r", null, null), parse("{\"op\":\"presence\",\"room\":\"r\"}"));
    assertEquals(new Request(Op.ROOMS, null, null, null, null), parse("{\"op\":\"rooms\"}"));
  }

  @Test
  void nullDataIsData() throws Exception {
    assertEquals("null", parse("{\"op\":\"publish\",\"room\":\"r\",\"data\":null}").data());
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    assertEquals(new Request(Op.ROOMS, null, null, null, null), parse("{\"op\":\"rooms\",\"room\":5,\"future\":{}}"));
  }

  @Test
  void malformed() {
    assertEquals(ErrorCode.BAD_JSON, error("").code());
    assertEquals(ErrorCode.BAD_JSON, error("{\"op\":").code());
    assertEquals(ErrorCode.BAD_JSON, error("{\"op\":\"rooms\"} trailing").code());
    assertEquals(ErrorCode.BAD_REQUEST, error("\"join\"").code());
    assertEquals(ErrorCode.BAD_REQUEST, error("null").code());
    assertEquals("request must be a JSON object", error("[]").getMessage());
  }

  @Test
  void opProblems() {
    RequestException missing = error("{\"id\":\"x\"}");
    assertEquals(ErrorCode.BAD_REQUEST, missing.code());
    assertEquals("missing op", missing.getMessage());
    assertEquals("x", missing.id());
    assertEquals("op must be a string", error("{\"op\":[]}").getMessage());
    RequestException unknown = error("{\"op\":\"JOIN\",\"id\":4}");
    assertEquals(ErrorCode.UNKNOWN_OP, unknown.code());
    assertEquals(4, unknown.id());
  }

  @Test
  void idProblems() {
    RequestException object = error("{\"op\":\"rooms\",\"id\":{}}");
    assertEquals(ErrorCode.BAD_REQUEST, object.code());
    assertNull(object.id());
    assertEquals(ErrorCode.BAD_REQUEST, error("{\"op\":\"rooms\",\"id\":true}").code());
    assertEquals(ErrorCode.BAD_REQUEST, error("{\"op\":\"rooms\",\"id\":\"" + "i".repeat(129) + "\"}").code());
  }

  @Test
  void fieldProblems() {
    assertEquals("missing room", error("{\"op\":\"join\"}").getMessage());
    assertEquals("room must be a string", error("{\"op\":\"join\",\"room\":null}").getMessage());
    assertEquals(ErrorCode.BAD_ROOM, error("{\"op\":\"leave\",\"room\":\"\"}").code());
    assertEquals(ErrorCode.BAD_ROOM, error("{\"op\":\"presence\",\"room\":\"a/b\"}").code());
    assertEquals("missing data", error("{\"op\":\"publish\",\"room\":\"r\"}").getMessage());
    assertEquals("missing to", error("{\"op\":\"direct\",\"data\":1}").getMessage());
    assertEquals(ErrorCode.BAD_USER, error("{\"op\":\"direct\",\"to\":\"a b\",\"data\":1}").code());
    assertEquals("to must be 1-32 characters of A-Z a-z 0-9 . _ -",
        error("{\"op\":\"direct\",\"to\":\"\",\"data\":1}").getMessage());
  }

  @Test
  void dataLimitIsOnTheEncodedUtf8Bytes() throws Exception {
    // 65,534 characters plus two quotes: exactly 64 KiB once encoded.
    String fits = "x".repeat(RoomsLimits.MAX_DATA_BYTES - 2);
    assertEquals(RoomsLimits.MAX_DATA_BYTES,
        parse("{\"op\":\"publish\",\"room\":\"r\",\"data\":\"" + fits + "\"}").data().length());
    RequestException over = error("{\"op\":\"publish\",\"room\":\"r\",\"data\":\"" + fits + "x\",\"id\":1}");
    assertEquals(ErrorCode.TOO_LARGE, over.code());
    assertEquals(1, over.id());
    // Three-byte characters: 21,846 of them are 65,538 bytes with the quotes.
    assertEquals(ErrorCode.TOO_LARGE,
        error("{\"op\":\"publish\",\"room\":\"r\",\"data\":\"" + "\u20ac".repeat(21_846) + "\"}").code());
  }

  @Test
  void requestsOverTheFrameLimitAreNotParsed() {
    String huge = "{\"op\":\"rooms\",\"id\":1,\"pad\":\"" + "x".repeat(RoomsLimits.MAX_REQUEST_BYTES) + "\"}";
    RequestException e = error(huge);
    assertEquals(ErrorCode.TOO_LARGE, e.code());
    assertNull(e.id(), "not parsed, so no id to echo");
  }
}
