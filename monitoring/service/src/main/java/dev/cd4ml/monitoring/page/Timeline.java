package dev.cd4ml.monitoring.page;

import dev.cd4ml.monitoring.client.RegistryClient.StageChange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which version served an environment when, read from the registry's audit trail of one stage:
 * a version serves from the change that moved it into the stage until the change that moved it
 * out. Plain Java, so the page's timeline is checked without a registry.
 */
public final class Timeline {
  private Timeline() {}

  /**
   * @param kind      {@code promotion}, {@code rollback} (the version had served this stage before)
   *                  or {@code canary} (a stage named like one, should the registry ever hold such a stage)
   * @param until     null while it still serves
   * @param startShare where the span starts on the whole timeline, 0..1 (for drawing)
   * @param widthShare how much of the whole timeline it covers, 0..1
   */
  public record Span(int version, String kind, Instant since, Instant until, String pipelineLabel, String actor,
      String reason, String endReason, double startShare, double widthShare) {

    public boolean serving() {
      return until == null;
    }
  }

  /** The spans of {@code stage}, oldest first, drawn on [first change into it, now]. */
  public static List<Span> of(List<StageChange> history, String stage, Instant now) {
    List<Served> all = new ArrayList<>();
    Set<Integer> before = new HashSet<>();
    Served open = null;
    for (StageChange c : history) {
      if (open != null && c.version() == open.into().version() && stage.equals(c.from()) && !stage.equals(c.to())) {
        all.add(open.until(c.at(), c.reason()));
        open = null;
      }
      if (stage.equals(c.to()) && !stage.equals(c.from())) {
        if (open != null) { // the trail archives the holder first; should it not, the next holder ends it
          all.add(open.until(c.at(), null));
        }
        String kind = stage.contains("canary") ? "canary" : before.contains(c.version()) ? "rollback" : "promotion";
        open = new Served(c, kind, null, null);
        before.add(c.version());
      }
    }
    if (open != null) {
      all.add(open);
    }
    List<Span> spans = new ArrayList<>();
    if (all.isEmpty()) {
      return spans;
    }
    Instant first = all.get(0).into().at();
    double total = Math.max(1, Duration.between(first, now).toMillis());
    for (Served s : all) {
      Instant end = s.until() == null ? now : s.until();
      double start = Duration.between(first, s.into().at()).toMillis() / total;
      double width = Math.max(0, Duration.between(s.into().at(), end).toMillis()) / total;
      spans.add(new Span(s.into().version(), s.kind(), s.into().at(), s.until(), s.into().pipelineLabel(),
          s.into().actor(), s.into().reason(), s.endReason(), clamp(start), clamp(width)));
    }
    return spans;
  }

  private record Served(StageChange into, String kind, Instant until, String endReason) {
    Served until(Instant at, String reason) {
      return new Served(into, kind, at, reason);
    }
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
