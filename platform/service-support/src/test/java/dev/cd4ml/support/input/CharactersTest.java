package dev.cd4ml.support.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CharactersTest {
  @Test
  void controlDelC1AndBidiCharactersAreRefused() {
    for (String bad : new String[] {"a\0b", "a\rb", "a\nb", "a\tb", "a\u007fb", "a\u0085b", "a\u202eb", "a\u2066b",
        "a\u200fb"}) {
      assertEquals(1, Characters.firstRefused(bad), bad.codePointAt(1) + "");
    }
  }

  @Test
  void namesReferencesAndOrdinaryUnicodeAreAccepted() {
    for (String ok : new String[] {"credit", "credit-risk_2", "v3", "latest", "0f3a", "Zürich", "信用", "a b", "ñ"}) {
      assertEquals(-1, Characters.firstRefused(ok), ok);
    }
  }

  @Test
  void aCharacterIsNamedByItsCodePoint() {
    assertEquals("U+0000", Characters.codePoint('\0'));
    assertEquals("U+202E", Characters.codePoint('\u202e'));
  }
}
