package dev.cd4ml.serving.domain;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which model of a production instance answers a request when a canary holds a traffic weight. A
 * routing key always lands in the same one of 100 buckets, and a bucket below the weight goes to
 * the canary: a caller keeps hitting the same version, and raising the weight only moves more keys
 * to the canary, never one back. Without a key the request id decides, which is random.
 */
public final class CanaryRouting {
  private CanaryRouting() {}

  /** @param weight the canary's share in percent (0–100) */
  public static boolean toCanary(CharSequence routingKey, int weight) {
    if (weight <= 0) {
      return false;
    }
    if (weight >= 100) {
      return true;
    }
    int bucket = routingKey == null ? ThreadLocalRandom.current().nextInt(100) : bucket(routingKey);
    return bucket < weight;
  }

  /** 0–99, from a 64-bit FNV-1a of the key's chars, finished with a murmur3 mix (similar keys spread). */
  public static int bucket(CharSequence key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) Long.remainderUnsigned(h, 100);
  }
}
