package dev.cd4ml.serving.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 UTC text of an instant at millisecond precision, always with three digits
 * ({@code 2026-02-03T04:05:06.789Z}). The date and time of day are formatted once per second: at tens
 * of thousands of predictions a second most records share one, and formatting showed up in profiles.
 */
public final class IsoMillis {
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  /** {@code uuuu-MM-ddTHH:mm:ss} of one second, as ASCII. */
  record Second(long epochSecond, byte[] ascii) {}

  private static volatile Second last = new Second(Long.MIN_VALUE, new byte[0]);

  private IsoMillis() {}

  public static String format(Instant instant) {
    return format(instant.toEpochMilli());
  }

  public static String format(long epochMillis) {
    byte[] text = new byte[length(epochMillis)];
    write(epochMillis, text, 0);
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  /** How many bytes {@link #write} writes. */
  static int length(long epochMillis) {
    return second(Math.floorDiv(epochMillis, 1000)).ascii().length + 5;
  }

  /** Writes the text into {@code dst} at {@code offset}, without allocating. */
  static void write(long epochMillis, byte[] dst, int offset) {
    byte[] prefix = second(Math.floorDiv(epochMillis, 1000)).ascii();
    int ms = (int) Math.floorMod(epochMillis, 1000);
    System.arraycopy(prefix, 0, dst, offset, prefix.length);
    int p = offset + prefix.length;
    dst[p] = '.';
    dst[p + 1] = (byte) ('0' + ms / 100);
    dst[p + 2] = (byte) ('0' + ms / 10 % 10);
    dst[p + 3] = (byte) ('0' + ms % 10);
    dst[p + 4] = 'Z';
  }

  private static Second second(long epochSecond) {
    Second s = last;
    if (s.epochSecond() != epochSecond) {
      s = new Second(epochSecond, SECOND.format(Instant.ofEpochSecond(epochSecond)).getBytes(StandardCharsets.US_ASCII));
      last = s;
    }
    return s;
  }
}
