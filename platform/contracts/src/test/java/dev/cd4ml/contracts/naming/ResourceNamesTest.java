package dev.cd4ml.contracts.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {
  @Test
  void datasetAndModelNamesAreSafeKeyPrefixes() {
    for (String ok : new String[] {"credit", "credit-default_v2.1", "m1.v_2", "0day", "x".repeat(100)}) {
      assertTrue(ResourceNames.isValid(ok), ok);
    }
    for (String bad : new String[] {"", "Credit", "CREDIT", "_x", ".x", "-x", "a/b", "../etc", "a..b", "x".repeat(101),
        "a b", "a\u0000b", "é", null}) {
      assertFalse(ResourceNames.isValid(bad), bad);
    }
  }

  @Test
  void theProblemNamesTheKindTheNameAndTheRule() {
    assertTrue(ResourceNames.problem("model", "credit").isEmpty());
    assertEquals("model name 'Credit' is invalid: " + ResourceNames.RULE, ResourceNames.problem("model", "Credit").get());
    assertTrue(ResourceNames.RULE.contains("lower-case"));
  }
}
