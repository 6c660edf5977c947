package io.wsgate.router.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
      "lobby, lobby, true",
      "lobby, lobby2, false",
      "lobby, Lobby, false",
      "team-*, team-, true",
      "team-*, team-42, true",
      "team-*, team, false",
      "team-*, xteam-1, false",
      "*, anything, true",
      "*-ops, eu-ops, true",
      "*-ops, eu-ops-2, false",
      "a*b*c, abc, true",
      "a*b*c, axxbyyc, true",
      "a*b*c, axxbyy, false",
      "a*ab, aaab, true",
      "**, x, true",
      "x*, x, true",
  })
  void starMatchesAnyRun(String pattern, String room, boolean expected) {
    assertEquals(expected, Glob.matches(pattern, room));
  }
}
