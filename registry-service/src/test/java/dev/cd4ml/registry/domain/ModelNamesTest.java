package dev.cd4ml.registry.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelNamesTest {

  @Test
  void acceptsSafeNamesOnly() {
    assertTrue(ModelNames.problem("credit-default").isEmpty());
    assertTrue(ModelNames.problem("m1.v_2").isEmpty());
    assertTrue(ModelNames.problem("Credit").isPresent());
    assertTrue(ModelNames.problem("../etc").isPresent());
    assertTrue(ModelNames.problem("a..b").isPresent());
    assertTrue(ModelNames.problem("a/b").isPresent());
    assertTrue(ModelNames.problem("").isPresent());
  }

  @Test
  void artifactKeysAreContentAddressed() {
    assertEquals("models/credit/" + "a".repeat(64) + ".tribuo", ModelNames.artifactKey("credit", "a".repeat(64)));
  }

  @Test
  void versionsAreNumbersWithAnOptionalV() {
    assertEquals(3, ModelNames.parseVersion("3"));
    assertEquals(12, ModelNames.parseVersion("v12"));
    assertThrows(IllegalArgumentException.class, () -> ModelNames.parseVersion("0"));
    assertThrows(IllegalArgumentException.class, () -> ModelNames.parseVersion("latest"));
    assertThrows(IllegalArgumentException.class, () -> ModelNames.parseVersion(null));
  }
}
