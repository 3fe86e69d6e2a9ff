package dev.cd4ml.serving.domain;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for request ids without {@link UUID#randomUUID()}'s SecureRandom, which
 * is shared and slower on the hot path; request ids need uniqueness, not secrecy.
 */
public final class RequestIds {
  private RequestIds() {}

  public static String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
