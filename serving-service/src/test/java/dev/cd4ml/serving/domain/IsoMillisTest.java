package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IsoMillisTest {
  @Test
  void formatsAtMillisecondPrecisionAndFollowsTheClock() {
    assertEquals("2026-02-03T04:05:06.789Z", IsoMillis.format(Instant.parse("2026-02-03T04:05:06.789123Z")));
    // the same millisecond is served from the cache, the next one is formatted afresh
    assertEquals("2026-02-03T04:05:06.789Z", IsoMillis.format(Instant.parse("2026-02-03T04:05:06.789999Z")));
    assertEquals("2026-02-03T04:05:06.790Z", IsoMillis.format(Instant.parse("2026-02-03T04:05:06.790Z")));
    assertEquals("2026-02-03T04:05:07.000Z", IsoMillis.format(Instant.parse("2026-02-03T04:05:07Z"))); // always 3 digits
    assertEquals("1969-12-31T23:59:59.999Z", IsoMillis.format(-1));
  }
}
