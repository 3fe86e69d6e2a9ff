package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CanaryRoutingTest {

  @Test
  void aRoutingKeyAlwaysLandsInTheSameBucket() {
    for (int i = 0; i < 1000; i++) {
      String key = "customer-" + i;
      assertEquals(CanaryRouting.bucket(key), CanaryRouting.bucket(new StringBuilder(key)));
      assertEquals(CanaryRouting.toCanary(key, 10), CanaryRouting.toCanary(key, 10));
    }
  }

  @Test
  void similarKeysSpreadEvenlyOverTheBuckets() {
    int[] counts = new int[100];
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      counts[CanaryRouting.bucket("customer-" + i)]++;
    }
    for (int bucket = 0; bucket < 100; bucket++) {
      assertTrue(Math.abs(counts[bucket] - n / 100) < 150, "bucket " + bucket + " holds " + counts[bucket]);
    }
  }

  @Test
  void theCanarysShareFollowsItsWeightWithAndWithoutKeys() {
    for (int weight : new int[] {1, 10, 25, 50}) {
      int keyed = 0;
      int random = 0;
      int n = 50_000;
      for (int i = 0; i < n; i++) {
        keyed += CanaryRouting.toCanary("k" + i, weight) ? 1 : 0;
        random += CanaryRouting.toCanary(null, weight) ? 1 : 0;
      }
      assertEquals(weight / 100.0, keyed / (double) n, 0.01, "keyed share at weight " + weight);
      assertEquals(weight / 100.0, random / (double) n, 0.01, "random share at weight " + weight);
    }
  }

  @Test
  void raisingTheWeightNeverMovesAKeyBackToPrimary() {
    for (int i = 0; i < 10_000; i++) {
      String key = "user" + i;
      boolean before = CanaryRouting.toCanary(key, 10);
      if (before) {
        assertTrue(CanaryRouting.toCanary(key, 20), key);
      }
    }
  }

  @Test
  void zeroAndHundredAreAbsolute() {
    assertFalse(CanaryRouting.toCanary("any", 0));
    assertFalse(CanaryRouting.toCanary(null, 0));
    assertTrue(CanaryRouting.toCanary("any", 100));
    assertTrue(CanaryRouting.toCanary(null, 100));
  }
}
