package dev.cd4ml.contracts.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionRefTest {
  private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void parsesIdsNumbersAndLatest() {
    assertEquals(new VersionRef.ById(SHA), VersionRef.parse(SHA));
    assertEquals(new VersionRef.ById(SHA), VersionRef.parse(SHA.toUpperCase()));
    assertEquals(new VersionRef.ByNumber(3), VersionRef.parse("3"));
    assertEquals(new VersionRef.ByNumber(3), VersionRef.parse("v3"));
    assertEquals(new VersionRef.ByNumber(12), VersionRef.parse(" V12 "));
    assertTrue(VersionRef.parse("latest") instanceof VersionRef.Latest);
    assertTrue(VersionRef.parse("LATEST") instanceof VersionRef.Latest);
  }

  @Test
  void rejectsAnythingElseSayingWhatIsAccepted() {
    for (String bad : new String[] {"0", "v0", "03", "-1", "+3", "v", "abc", SHA.substring(1), "3.0", "99999999999", "",
        null}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionRef.parse(bad), bad);
      assertTrue(e.getMessage().contains("latest"), e.getMessage());
    }
  }

  @Test
  void aVersionNumberAloneIsANumberWithAnOptionalV() {
    assertEquals(3, VersionRef.parseNumber("3"));
    assertEquals(12, VersionRef.parseNumber("v12"));
    for (String bad : new String[] {"0", "latest", SHA, "-2", "", null}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionRef.parseNumber(bad), bad);
      assertTrue(e.getMessage().contains("3 or v3"), e.getMessage());
    }
  }
}
