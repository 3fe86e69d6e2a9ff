package dev.cd4ml.monitoring.domain;

import dev.cd4ml.contracts.drift.DriftStatistics;
import dev.cd4ml.monitoring.domain.GroupRates.Group;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns what the search engine counted into a judged {@link Report}. Pure: same input, same report. */
public final class ReportCalculator {
  private ReportCalculator() {}

  public static Report report(Window w, Baseline b, WindowCounts c, Thresholds t, Instant generatedAt) {
    List<Report.FeatureDrift> features = new ArrayList<>();
    Status status = Status.INSUFFICIENT_DATA;
    for (Baseline.Feature f : b.features()) {
      Report.FeatureDrift drift = feature(f, c, t);
      features.add(drift);
      status = status.worse(drift.status());
    }
    Report.PredictionDrift prediction = prediction(b, c, t);
    status = status.worse(prediction.status());
    List<Report.Fairness> fairness = fairness(b, c, t);
    for (Report.Fairness f : fairness) {
      status = status.worse(f.verdict().status());
    }
    Report.Quality quality = quality(b, c, t);
    status = status.worse(quality.status());
    long labelled = c.labelled();
    return new Report(w.model(), w.environment(), w.version(), w.from(), w.to(), generatedAt, status,
        new Report.BaselineRef(b.dataset(), b.dataVersion(), b.rows()),
        new Report.Counts(c.predictions(), labelled, c.predictions() == 0 ? 0 : (double) labelled / c.predictions(),
            c.unknownCategories(), 0), // rejected: counted on its own index (Report.withRejected)
        features, prediction, fairness, quality, shadow(b, c), null);
  }

  static Report.FeatureDrift feature(Baseline.Feature f, WindowCounts c, Thresholds t) {
    WindowCounts.FeatureCounts live = c.features().get(f.name());
    long liveMissing = live == null ? c.predictions() : live.missing();
    double missingRate = c.predictions() == 0 ? 0 : (double) liveMissing / c.predictions();
    Verdict missingVerdict = t.missing(missingRate, f.missingRate(), c.predictions());
    long[] expected;
    long[] actual;
    List<String> labels;
    Map<String, Long> unseen = Map.of();
    if (f.numeric()) {
      NumericBins bins = new NumericBins(f.edges());
      expected = bins.expected(f.histogram());
      actual = live == null ? new long[bins.size()] : live.bins();
      labels = bins.labels();
    } else {
      CategoryBins bins = new CategoryBins(f.categories(), f.otherCategories());
      expected = bins.expected();
      Map<String, Long> categories = live == null ? Map.of() : live.categories();
      actual = bins.actual(categories);
      unseen = bins.unseen(categories);
      labels = bins.labels();
    }
    long liveRows = sum(actual);
    Double psi = null;
    Double ks = null;
    Verdict psiVerdict;
    Verdict ksVerdict = null;
    if (sum(expected) == 0 || liveRows == 0) {
      psiVerdict = Verdict.insufficient(sum(expected) == 0 ? "no training values" : "no live values");
      if (f.numeric()) {
        ksVerdict = psiVerdict;
      }
    } else {
      psi = DriftStatistics.psi(expected, actual);
      psiVerdict = t.psi(psi, liveRows);
      if (f.numeric()) {
        ks = DriftStatistics.ks(expected, actual);
        ksVerdict = t.ks(ks, liveRows);
      }
    }
    Status status = psiVerdict.status().worse(missingVerdict.status());
    if (ksVerdict != null) {
      status = status.worse(ksVerdict.status());
    }
    return new Report.FeatureDrift(f.name(), f.numeric() ? "numeric" : "categorical", status, psi, psiVerdict,
        ks, ksVerdict, missingRate, f.missingRate(), missingVerdict, unseen,
        new Report.Distribution(labels, expected, actual));
  }

  static Report.PredictionDrift prediction(Baseline b, WindowCounts c, Thresholds t) {
    long[] expected = new long[b.labels().size()];
    long[] actual = new long[b.labels().size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = b.labelCounts().getOrDefault(b.labels().get(i), 0L);
      actual[i] = c.predicted().getOrDefault(b.labels().get(i), 0L);
    }
    Map<String, Double> live = shares(b.labels(), actual);
    Map<String, Double> training = shares(b.labels(), expected);
    if (sum(expected) == 0 || sum(actual) == 0) {
      Verdict v = Verdict.insufficient(sum(expected) == 0 ? "no training labels" : "no predictions");
      return new Report.PredictionDrift(v.status(), null, v, live, training);
    }
    double psi = DriftStatistics.psi(expected, actual);
    Verdict v = t.psi(psi, sum(actual));
    return new Report.PredictionDrift(v.status(), psi, v, live, training);
  }

  static List<Report.Fairness> fairness(Baseline b, WindowCounts c, Thresholds t) {
    List<Report.Fairness> out = new ArrayList<>();
    String positive = b.positiveLabel();
    for (String column : b.protectedColumns()) {
      Map<String, Map<String, Long>> predicted = c.groupPredicted().getOrDefault(column, Map.of());
      Map<String, Map<String, Map<String, Long>>> confusion = c.groupConfusion().getOrDefault(column, Map.of());
      if (positive != null) {
        Map<String, Group> groups = new LinkedHashMap<>();
        predicted.forEach((g, labels) -> groups.put(g, new Group(sum(labels), labels.getOrDefault(positive, 0L))));
        out.add(judged(column, "positiveRate", groups, c.predictions(), t));
      }
      Map<String, Group> accuracy = new LinkedHashMap<>();
      Map<String, Group> tpr = new LinkedHashMap<>();
      long labelled = 0;
      for (Map.Entry<String, Map<String, Map<String, Long>>> g : confusion.entrySet()) {
        long rows = 0;
        long right = 0;
        for (Map.Entry<String, Map<String, Long>> actual : g.getValue().entrySet()) {
          rows += sum(actual.getValue());
          right += actual.getValue().getOrDefault(actual.getKey(), 0L);
        }
        labelled += rows;
        accuracy.put(g.getKey(), new Group(rows, right));
        if (positive != null) {
          Map<String, Long> positives = g.getValue().getOrDefault(positive, Map.of());
          tpr.put(g.getKey(), new Group(sum(positives), positives.getOrDefault(positive, 0L)));
        }
      }
      out.add(judgedLabelled(column, "accuracy", accuracy, labelled, t));
      if (positive != null) {
        out.add(judgedLabelled(column, "truePositiveRate", tpr, labelled, t));
      }
    }
    return out;
  }

  private static Report.Fairness judged(String column, String metric, Map<String, Group> groups, long rows, Thresholds t) {
    GroupRates.Gap gap = GroupRates.gap(groups, t.minGroupRows());
    return new Report.Fairness(column, metric, gap.rates(), gap.judged() ? gap.gap() : null, t.fairness(gap, rows));
  }

  private static Report.Fairness judgedLabelled(String column, String metric, Map<String, Group> groups,
      long labelled, Thresholds t) {
    if (labelled < t.minLabelled()) {
      GroupRates.Gap gap = GroupRates.gap(groups, t.minGroupRows());
      return new Report.Fairness(column, metric, gap.rates(), gap.judged() ? gap.gap() : null,
          Verdict.insufficient(labelled + " labelled predictions < " + t.minLabelled()));
    }
    return judged(column, metric, groups, labelled, t);
  }

  static Report.Quality quality(Baseline b, WindowCounts c, Thresholds t) {
    ConfusionMatrix m = ConfusionMatrix.of(b.labels(), known(b.labels(), c.confusion()));
    double accuracy = m.accuracy();
    Verdict v = Double.isNaN(b.heldOutAccuracy()) ? Verdict.insufficient("the version reports no held-out accuracy")
        : t.quality(accuracy, b.heldOutAccuracy(), m.total());
    return new Report.Quality(v.status(), v, finite(accuracy), finite(m.macroF1()), finite(b.heldOutAccuracy()),
        m.labels(), m.counts());
  }

  static Report.Shadow shadow(Baseline b, WindowCounts c) {
    ConfusionMatrix shadow = ConfusionMatrix.of(b.labels(), known(b.labels(), c.shadowConfusion()));
    ConfusionMatrix primary = ConfusionMatrix.of(b.labels(), known(b.labels(), c.shadowPrimaryConfusion()));
    return new Report.Shadow(c.shadowCompared(),
        c.shadowCompared() == 0 ? null : (double) c.shadowAgreed() / c.shadowCompared(),
        shadow.total(), finite(shadow.accuracy()), finite(primary.accuracy()));
  }

  /** Labels a model does not have (feedback for another version's labels) cannot be judged here. */
  private static Map<String, Map<String, Long>> known(List<String> labels, Map<String, Map<String, Long>> counts) {
    Map<String, Map<String, Long>> known = new LinkedHashMap<>();
    counts.forEach((actual, row) -> {
      if (labels.contains(actual)) {
        Map<String, Long> r = new LinkedHashMap<>();
        row.forEach((predicted, n) -> {
          if (labels.contains(predicted)) {
            r.put(predicted, n);
          }
        });
        known.put(actual, r);
      }
    });
    return known;
  }

  private static Map<String, Double> shares(List<String> labels, long[] counts) {
    long total = sum(counts);
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      shares.put(labels.get(i), total == 0 ? 0.0 : (double) counts[i] / total);
    }
    return shares;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static long sum(long[] counts) {
    long s = 0;
    for (long c : counts) {
      s += c;
    }
    return s;
  }

  private static long sum(Map<String, Long> counts) {
    long s = 0;
    for (long c : counts.values()) {
      s += c;
    }
    return s;
  }
}
