package dev.cd4ml.monitoring.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How ground truth meets predictions: feedback labels the prediction with its {@code requestId}
 * and counts in the window of that prediction, however late it came; when a request got feedback
 * more than once, the latest wins (a correction). Feedback whose prediction is not (yet) known is
 * kept for the next evaluation, never dropped.
 */
public final class LabelJoin {
  private LabelJoin() {}

  public record Prediction(String requestId, Instant at, String predicted) {}

  public record Feedback(String requestId, String actual, Instant at) {}

  public record Labelled(Prediction prediction, String actual) {
    public boolean right() {
      return prediction.predicted().equals(actual);
    }
  }

  /** @param unmatched feedback with no prediction among those given */
  public record Result(List<Labelled> labelled, List<Feedback> unmatched) {}

  /** The latest feedback per request. */
  public static Map<String, Feedback> latest(List<Feedback> feedback) {
    Map<String, Feedback> latest = new HashMap<>();
    for (Feedback f : feedback) {
      // on equal timestamps the one read later (the later in the log's order) wins
      latest.merge(f.requestId(), f, (a, b) -> b.at().isBefore(a.at()) ? a : b);
    }
    return latest;
  }

  /**
   * Whether feedback given at {@code at} replaces the label a prediction already has (written at
   * {@code labelledAt}, null when it has none): the latest feedback wins, by its own timestamp, even
   * when an older one reaches the index later; the same feedback read again changes nothing.
   */
  public static boolean supersedes(Instant at, Instant labelledAt) {
    return labelledAt == null || at.isAfter(labelledAt);
  }

  /** Labels the predictions made in [{@code from}, {@code to}) with the latest feedback for each. */
  public static Result join(Instant from, Instant to, List<Prediction> predictions, List<Feedback> feedback) {
    Map<String, Feedback> latest = latest(feedback);
    Map<String, Prediction> known = new HashMap<>();
    predictions.forEach(p -> known.put(p.requestId(), p));
    List<Labelled> labelled = new ArrayList<>();
    List<Feedback> unmatched = new ArrayList<>();
    for (Feedback f : latest.values()) {
      Prediction p = known.get(f.requestId());
      if (p == null) {
        unmatched.add(f);
      } else if (!p.at().isBefore(from) && p.at().isBefore(to)) {
        labelled.add(new Labelled(p, f.actual()));
      }
    }
    return new Result(labelled, unmatched);
  }
}
