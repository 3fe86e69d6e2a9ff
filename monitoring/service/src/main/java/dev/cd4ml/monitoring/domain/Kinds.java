package dev.cd4ml.monitoring.domain;

import dev.cd4ml.contracts.events.ModelMonitorAlert.Finding;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The three kinds of judgement an alert event is published for, each the worst status of its
 * metrics: drift (features and predicted labels), fairness (every protected column's gaps) and
 * quality (online accuracy against held-out).
 */
public enum Kinds {
  DRIFT, FAIRNESS, QUALITY;

  public static Map<Kinds, Status> statuses(Report r) {
    Map<Kinds, Status> s = new EnumMap<>(Kinds.class);
    Status drift = r.prediction().status();
    for (Report.FeatureDrift f : r.features()) {
      drift = drift.worse(f.status());
    }
    Status fairness = Status.INSUFFICIENT_DATA;
    for (Report.Fairness f : r.fairness()) {
      fairness = fairness.worse(f.verdict().status());
    }
    s.put(DRIFT, drift);
    s.put(FAIRNESS, fairness);
    s.put(QUALITY, r.quality().status());
    return s;
  }

  /** Stored as {@code drift=ok,fairness=alert,quality=insufficient-data}. */
  public static String encode(Map<Kinds, Status> statuses) {
    List<String> parts = new ArrayList<>();
    statuses.forEach((k, v) -> parts.add(k.name().toLowerCase() + "=" + v.json()));
    return String.join(",", parts);
  }

  public static Map<Kinds, Status> decode(String encoded) {
    Map<Kinds, Status> s = new EnumMap<>(Kinds.class);
    for (String part : encoded.split(",")) {
      String[] kv = part.split("=", 2);
      for (Status st : Status.values()) {
        if (st.json().equals(kv[1])) {
          s.put(Kinds.valueOf(kv[0].toUpperCase()), st);
        }
      }
    }
    return s;
  }

  /** The kinds that are alert now and were not before (no earlier report: nothing was alert). */
  public static List<Kinds> turnedToAlert(Map<Kinds, Status> before, Map<Kinds, Status> now) {
    List<Kinds> turned = new ArrayList<>();
    for (Kinds k : values()) {
      if (now.get(k) == Status.ALERT && before.getOrDefault(k, Status.OK) != Status.ALERT) {
        turned.add(k);
      }
    }
    return turned;
  }

  /** Every metric of this kind that alerts in the report, with its rule. */
  public List<Finding> findings(Report r) {
    List<Finding> findings = new ArrayList<>();
    switch (this) {
      case DRIFT -> {
        for (Report.FeatureDrift f : r.features()) {
          add(findings, "psi", f.feature(), f.psi(), f.psiVerdict());
          add(findings, "ks", f.feature(), f.ks(), f.ksVerdict());
          add(findings, "missing-rate", f.feature(), f.missingRate(), f.missingVerdict());
        }
        add(findings, "prediction-psi", null, r.prediction().psi(), r.prediction().verdict());
      }
      case FAIRNESS -> {
        for (Report.Fairness f : r.fairness()) {
          add(findings, f.metric() + "-gap", f.column(), f.gap(), f.verdict());
        }
      }
      case QUALITY -> add(findings, "accuracy", null, r.quality().accuracy(), r.quality().verdict());
    }
    return findings;
  }

  private static void add(List<Finding> findings, String metric, String subject, Double value, Verdict v) {
    if (v != null && v.status() == Status.ALERT) {
      findings.add(new Finding(metric, subject, value, v.rule()));
    }
  }
}
