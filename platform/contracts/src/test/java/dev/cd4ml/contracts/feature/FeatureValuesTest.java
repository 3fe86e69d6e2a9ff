package dev.cd4ml.contracts.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureValuesTest {
  private static final List<String> MISSING =
      List.of("", " ", "\t", "  \t ", "NA", "N/A", "NaN", "nan", "null", "NULL", " NA ", "\tnull");
  private static final List<String> PRESENT =
      List.of("0", "na", "Na", "n/a", "NAN", "Null", "None", "none", "-", "?", "NA NA", "NAs", "\"NA\"", "null1", "é",
          "#N/A");

  @Test
  void emptyBlankAndEveryTokenAreMissingInTextAndBytes() {
    assertEquals(List.of("NA", "N/A", "NaN", "nan", "null", "NULL"), FeatureValues.MISSING_TOKENS);
    for (String s : MISSING) {
      assertTrue(FeatureValues.isMissing(s), "'" + s + "'");
      assertTrue(bytesMissing(s), "bytes '" + s + "'");
    }
    assertTrue(FeatureValues.isMissing(null));
  }

  @Test
  void otherSpellingsAndCasesAreValues() {
    for (String s : PRESENT) {
      assertFalse(FeatureValues.isMissing(s), "'" + s + "'");
      assertFalse(bytesMissing(s), "bytes '" + s + "'");
    }
  }

  @Test
  void theByteRuleLooksOnlyAtTheGivenSlice() {
    byte[] d = "xNAy,N/A,rent".getBytes(StandardCharsets.UTF_8);
    assertTrue(FeatureValues.isMissing(d, 1, 3));
    assertFalse(FeatureValues.isMissing(d, 0, 3));
    assertTrue(FeatureValues.isMissing(d, 5, 8));
    assertFalse(FeatureValues.isMissing(d, 9, 13));
    assertTrue(FeatureValues.isMissing(d, 4, 4));
  }

  @Test
  void surroundingSpacesAndTabsAreNotPartOfAValue() {
    assertEquals("rent", FeatureValues.strip(" \trent \t"));
    assertEquals("two words", FeatureValues.strip(" two words "));
    String plain = "rent";
    assertSame(plain, FeatureValues.strip(plain));
    byte[] d = "  own\t".getBytes(StandardCharsets.UTF_8);
    int from = FeatureValues.valueStart(d, 0, d.length);
    int to = FeatureValues.valueEnd(d, from, d.length);
    assertEquals("own", new String(d, from, to - from, StandardCharsets.UTF_8));
  }

  private static boolean bytesMissing(String s) {
    byte[] b = ("," + s + ",").getBytes(StandardCharsets.UTF_8);
    return FeatureValues.isMissing(b, 1, b.length - 1);
  }
}
