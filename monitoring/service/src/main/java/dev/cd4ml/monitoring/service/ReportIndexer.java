package dev.cd4ml.monitoring.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.monitoring.client.SearchClient;
import dev.cd4ml.monitoring.config.MonitoringConfig;
import dev.cd4ml.monitoring.domain.Report;
import dev.cd4ml.monitoring.domain.Status;
import dev.cd4ml.monitoring.domain.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Writes each stored evaluation to the search engine for Kibana, flat so every value aggregates:
 * one document of kind {@code report} (counts, quality, prediction drift, shadow), one of kind
 * {@code feature} per feature and one of kind {@code fairness} per protected column and rate, all
 * carrying the report's id, model, environment, version and window. The fields are those of the
 * {@code cd4ml-monitoring} index template (monitoring/README.md, "Stored reports").
 */
@ApplicationScoped
public class ReportIndexer {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

  private final SearchClient search;
  private final MonitoringConfig config;
  private final ObjectMapper json;

  public ReportIndexer(SearchClient search, MonitoringConfig config, ObjectMapper json) {
    this.search = search;
    this.config = config;
    this.json = json;
  }

  public void index(UUID id, Report r) {
    String index = config.reportsIndexPrefix() + DAY.format(r.generatedAt());
    StringBuilder bulk = new StringBuilder();
    ObjectNode report = common(id, r, "report", r.status());
    report.put("baselineDataset", r.baseline().dataset());
    report.put("baselineDataVersion", r.baseline().dataVersion());
    report.put("predictions", r.counts().predictions());
    report.put("labelled", r.counts().labelled());
    report.put("labelledShare", r.counts().labelledShare());
    report.put("unknownCategories", r.counts().unknownCategories());
    report.put("rejected", r.counts().rejected());
    putNumber(report, "accuracy", r.quality().accuracy());
    putNumber(report, "macroF1", r.quality().macroF1());
    putNumber(report, "heldOutAccuracy", r.quality().heldOutAccuracy());
    report.put("qualityStatus", r.quality().status().json());
    putNumber(report, "predictionPsi", r.prediction().psi());
    report.put("predictionStatus", r.prediction().status().json());
    putNumber(report, "shadowAgreement", r.shadow().agreement());
    putNumber(report, "shadowAccuracy", r.shadow().accuracy());
    putNumber(report, "primaryAccuracy", r.shadow().primaryAccuracy());
    Double maxGap = null;
    Status fairness = Status.INSUFFICIENT_DATA;
    for (Report.Fairness f : r.fairness()) {
      fairness = fairness.worse(f.verdict().status());
      if (f.gap() != null && (maxGap == null || f.gap() > maxGap)) {
        maxGap = f.gap();
      }
    }
    putNumber(report, "maxFairnessGap", maxGap);
    report.put("fairnessStatus", fairness.json());
    add(bulk, index, id + "-report", report);
    for (Report.FeatureDrift f : r.features()) {
      ObjectNode doc = common(id, r, "feature", f.status());
      doc.put("rule", worstRule(f));
      doc.put("feature", f.feature());
      doc.put("featureType", f.type());
      putNumber(doc, "psi", f.psi());
      putNumber(doc, "ks", f.ks());
      doc.put("missingRate", f.missingRate());
      doc.put("trainingMissingRate", f.trainingMissingRate());
      add(bulk, index, id + "-feature-" + f.feature(), doc);
    }
    for (Report.Fairness f : r.fairness()) {
      ObjectNode doc = common(id, r, "fairness", f.verdict().status());
      doc.put("rule", f.verdict().rule());
      doc.put("column", f.column());
      doc.put("metric", f.metric());
      putNumber(doc, "gap", f.gap());
      ObjectNode groups = doc.putObject("groups");
      f.groups().forEach(groups::put);
      add(bulk, index, id + "-fairness-" + f.column() + "-" + f.metric(), doc);
    }
    search.bulk(bulk.toString());
  }

  /** The rule of the feature's worst verdict (the one its status comes from). */
  private static String worstRule(Report.FeatureDrift f) {
    for (Verdict v : new Verdict[] {f.psiVerdict(), f.ksVerdict(), f.missingVerdict()}) {
      if (v != null && v.status() == f.status()) {
        return v.rule();
      }
    }
    return f.psiVerdict().rule();
  }

  private ObjectNode common(UUID id, Report r, String kind, Status status) {
    ObjectNode doc = json.createObjectNode();
    doc.put("kind", kind);
    doc.put("reportId", id.toString());
    doc.put("model", r.model());
    doc.put("environment", r.environment());
    doc.put("version", Integer.toString(r.version()));
    doc.put("windowFrom", r.from().toString());
    doc.put("windowTo", r.to().toString());
    doc.put("generatedAt", r.generatedAt().toString());
    doc.put("status", status.json());
    return doc;
  }

  private static void putNumber(ObjectNode doc, String field, Double value) {
    if (value != null) {
      doc.put(field, value);
    }
  }

  private void add(StringBuilder bulk, String index, String id, ObjectNode doc) {
    ObjectNode action = json.createObjectNode();
    action.putObject("index").put("_index", index).put("_id", id);
    bulk.append(action).append('\n').append(doc).append('\n');
  }
}
