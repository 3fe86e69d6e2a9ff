package dev.cd4ml.serving.domain;

import java.time.Instant;

/**
 * ISO-8601 UTC text of an instant at millisecond precision, formatted once per millisecond: at tens
 * of thousands of predictions a second most records share one, and formatting showed up in profiles.
 */
public final class IsoMillis {
  private record Cached(long millis, String text) {}

  private static volatile Cached last = new Cached(Long.MIN_VALUE, "");

  private IsoMillis() {}

  public static String format(Instant instant) {
    return format(instant.toEpochMilli());
  }

  public static String format(long millis) {
    Cached c = last;
    if (c.millis() == millis) {
      return c.text();
    }
    String text = Instant.ofEpochMilli(millis).toString();
    last = new Cached(millis, text);
    return text;
  }
}
