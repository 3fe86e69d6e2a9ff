package dev.cd4ml.monitoring.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.monitoring.client.SearchClient;
import dev.cd4ml.monitoring.config.MonitoringConfig;
import dev.cd4ml.monitoring.domain.Report;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Writes each stored evaluation to the search engine for Kibana, flat so every value aggregates:
 * one document of kind {@code report} (counts, quality, prediction drift, shadow), one of kind
 * {@code feature} per feature and one of kind {@code fairness} per protected column and rate, all
 * carrying the report's id, model, environment, version, window and status.
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
    ObjectNode report = common(id, r, "report");
    report.put("predictions", r.counts().predictions());
    report.put("labelled", r.counts().labelled());
    report.put("labelledShare", r.counts().labelledShare());
    report.put("unknownCategories", r.counts().unknownCategories());
    putNumber(report, "accuracy", r.quality().accuracy());
    putNumber(report, "macroF1", r.quality().macroF1());
    putNumber(report, "heldOutAccuracy", r.quality().heldOutAccuracy());
    report.put("qualityStatus", r.quality().status().json());
    putNumber(report, "predictionPsi", r.prediction().psi());
    report.put("predictionStatus", r.prediction().status().json());
    report.put("shadowCompared", r.shadow().compared());
    putNumber(report, "shadowAgreement", r.shadow().agreement());
    putNumber(report, "shadowAccuracy", r.shadow().accuracy());
    putNumber(report, "shadowPrimaryAccuracy", r.shadow().primaryAccuracy());
    add(bulk, index, id + "-report", report);
    for (Report.FeatureDrift f : r.features()) {
      ObjectNode doc = common(id, r, "feature");
      doc.put("feature", f.feature());
      doc.put("featureType", f.type());
      putNumber(doc, "psi", f.psi());
      putNumber(doc, "ks", f.ks());
      doc.put("missingRate", f.missingRate());
      doc.put("trainingMissingRate", f.trainingMissingRate());
      doc.put("featureStatus", f.status().json());
      add(bulk, index, id + "-feature-" + f.feature(), doc);
    }
    for (Report.Fairness f : r.fairness()) {
      ObjectNode doc = common(id, r, "fairness");
      doc.put("column", f.column());
      doc.put("metric", f.metric());
      putNumber(doc, "gap", f.gap());
      doc.put("fairnessStatus", f.verdict().status().json());
      add(bulk, index, id + "-fairness-" + f.column() + "-" + f.metric(), doc);
    }
    search.bulk(bulk.toString());
  }

  private ObjectNode common(UUID id, Report r, String kind) {
    ObjectNode doc = json.createObjectNode();
    doc.put("kind", kind);
    doc.put("reportId", id.toString());
    doc.put("model", r.model());
    doc.put("environment", r.environment());
    doc.put("version", Integer.toString(r.version()));
    doc.put("windowFrom", r.from().toString());
    doc.put("windowTo", r.to().toString());
    doc.put("generatedAt", r.generatedAt().toString());
    doc.put("status", r.status().json());
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
