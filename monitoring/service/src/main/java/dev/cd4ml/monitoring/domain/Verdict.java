package dev.cd4ml.monitoring.domain;

/** A judgement and the rule that gave it, e.g. {@code alert} by {@code "psi 0.31 >= 0.25"}. */
public record Verdict(Status status, String rule) {

  public static Verdict insufficient(String why) {
    return new Verdict(Status.INSUFFICIENT_DATA, why);
  }

  /** For a metric where more is worse: alert at or above {@code alert}, warn at or above {@code warn}. */
  static Verdict atMost(String metric, double value, double warn, double alert) {
    if (value >= alert) {
      return new Verdict(Status.ALERT, String.format("%s %.4f >= %s", metric, value, alert));
    }
    if (value >= warn) {
      return new Verdict(Status.WARN, String.format("%s %.4f >= %s", metric, value, warn));
    }
    return new Verdict(Status.OK, String.format("%s %.4f < %s", metric, value, warn));
  }
}
