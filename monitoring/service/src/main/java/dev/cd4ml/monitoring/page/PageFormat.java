package dev.cd4ml.monitoring.page;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the page writes the report's numbers, in one place (templates call these as {@code fmt:...}).
 * Statistics (PSI, KS, gaps) keep four decimals, rates and shares are percentages with one
 * decimal, counts are whole numbers; a number the report leaves out (null) is a dash.
 */
@TemplateExtension(namespace = "fmt")
public final class PageFormat {
  public static final String NONE = "–";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private PageFormat() {}

  /** PSI, KS, a fairness gap, a threshold: {@code 0.1234}. */
  public static String stat(Double v) {
    return v == null || !Double.isFinite(v) ? NONE : String.format(Locale.ROOT, "%.4f", v);
  }

  /** A rate or share in 0..1 as a percentage: {@code 83.4 %}. */
  public static String share(Double v) {
    return v == null || !Double.isFinite(v) ? NONE : String.format(Locale.ROOT, "%.1f %%", v * 100);
  }

  public static String count(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  /** A content-addressed id (64 hex digits) shortened for a table; the full id stays in the link. */
  public static String abbreviate(String id) {
    return id == null ? NONE : id.length() <= 12 ? id : id.substring(0, 12);
  }

  /** A share 0..1 as a CSS length (the timeline's bars). */
  public static String css(double share) {
    return String.format(Locale.ROOT, "%.3f%%", share * 100);
  }

  public static String time(Instant t) {
    return t == null ? NONE : TIME.format(t);
  }
}
