package dev.cd4ml.monitoring.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bins of a categorical feature: each category the training profile lists, one bin for the
 * categories it counted but did not list (when it capped the list), and one for categories the
 * training data never had. A live value that training did not list counts as unlisted when such a
 * bin exists (it may be one of them), as unseen otherwise.
 */
public final class CategoryBins {
  public static final String OTHER = "(other)";
  public static final String UNSEEN = "(unseen)";

  private final Map<String, Integer> index = new LinkedHashMap<>();
  private final long[] expected;
  private final int otherBin;
  private final int unseenBin;

  public CategoryBins(Map<String, Long> trainingCategories, long trainingOther) {
    List<Long> counts = new ArrayList<>();
    trainingCategories.forEach((category, count) -> {
      index.put(category, counts.size());
      counts.add(count);
    });
    otherBin = trainingOther > 0 ? counts.size() : -1;
    if (otherBin >= 0) {
      counts.add(trainingOther);
    }
    unseenBin = counts.size();
    counts.add(0L);
    expected = counts.stream().mapToLong(Long::longValue).toArray();
  }

  public long[] expected() {
    return expected.clone();
  }

  /** Bin labels in bin order. */
  public List<String> labels() {
    List<String> labels = new ArrayList<>(index.keySet());
    if (otherBin >= 0) {
      labels.add(OTHER);
    }
    labels.add(UNSEEN);
    return labels;
  }

  /** Live counts per category, on these bins. */
  public long[] actual(Map<String, Long> live) {
    long[] actual = new long[expected.length];
    live.forEach((category, count) -> actual[binOf(category)] += count);
    return actual;
  }

  /** Live values training never had, by category (empty when training capped its list). */
  public Map<String, Long> unseen(Map<String, Long> live) {
    Map<String, Long> unseen = new LinkedHashMap<>();
    live.forEach((category, count) -> {
      if (binOf(category) == unseenBin) {
        unseen.put(category, count);
      }
    });
    return unseen;
  }

  private int binOf(String category) {
    Integer bin = index.get(category);
    if (bin != null) {
      return bin;
    }
    return otherBin >= 0 ? otherBin : unseenBin;
  }
}
