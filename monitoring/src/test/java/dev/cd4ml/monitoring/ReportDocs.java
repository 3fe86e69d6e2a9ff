package dev.cd4ml.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A known month-day of monitoring-service's stored reports as its evaluation writes them to
 * {@code cd4ml-monitoring-*} (monitoring/README.md, "Stored reports"): versions 1 and 2 of
 * credit-risk in production, evaluated at 10:00, 11:00 and 12:00 UTC on 2026-02-01 (h = 0, 1, 2).
 * Per report: one {@code report} document, {@code feature} documents for age (numeric) and sex
 * (categorical), {@code fairness} documents for sex (positiveRate, accuracy).
 *
 * <ul>
 * <li>age: psi = 0.05 (h + 1) v, ks = 0.04 (h + 1) v; sex: psi = 0.01 v (no ks); income, num_late_payments
 * (numeric) and purpose (categorical), the rest of {@link GeneratedFeaturePanels#FEATURES}: psi = 0.02 (h + 1) v</li>
 * <li>accuracy: v1 0.90 - 0.02 h, v2 0.85 + 0.01 h; labelledShare 0.1 (h + 1) for both</li>
 * <li>shadowAccuracy 0.80 + 0.05 h and primaryAccuracy 0.84 for v1 only (v2 runs no shadow); shadowAgreement 0.9 for v1</li>
 * <li>fairness gaps: positiveRate 0.05 (h + 1) v / 2, accuracy 0.03 v</li>
 * </ul>
 */
final class ReportDocs {
    static final String INDEX = "cd4ml-monitoring-2026.02.01";
    static final Instant FIRST = Instant.parse("2026-02-01T10:00:05Z");

    private ReportDocs() {
    }

    static List<Map<String, Object>> docs() {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            for (int v = 1; v <= 2; v++) {
                String id = "rd-" + v + "-" + h;
                Map<String, Object> report = common(id, v, h, "report", "ok");
                report.put("predictions", 1000L);
                report.put("labelled", 100L * (h + 1));
                report.put("labelledShare", 0.1 * (h + 1));
                report.put("accuracy", v == 1 ? 0.90 - 0.02 * h : 0.85 + 0.01 * h);
                if (v == 1) {
                    report.put("shadowAccuracy", 0.80 + 0.05 * h);
                    report.put("primaryAccuracy", 0.84);
                    report.put("shadowAgreement", 0.9);
                }
                docs.add(report);
                Map<String, Object> age = common(id, v, h, "feature", "ok");
                age.put("feature", "age");
                age.put("featureType", "numeric");
                age.put("psi", 0.05 * (h + 1) * v);
                age.put("ks", 0.04 * (h + 1) * v);
                age.put("missingRate", 0.0);
                docs.add(age);
                Map<String, Object> sex = common(id, v, h, "feature", "ok");
                sex.put("feature", "sex");
                sex.put("featureType", "categorical");
                sex.put("psi", 0.01 * v);
                sex.put("missingRate", 0.0);
                docs.add(sex);
                for (String other : List.of("income", "num_late_payments", "purpose")) {
                    Map<String, Object> f = common(id, v, h, "feature", "ok");
                    f.put("feature", other);
                    boolean numeric = !other.equals("purpose");
                    f.put("featureType", numeric ? "numeric" : "categorical");
                    f.put("psi", 0.02 * (h + 1) * v);
                    if (numeric) {
                        f.put("ks", 0.01 * (h + 1) * v);
                    }
                    f.put("missingRate", 0.0);
                    docs.add(f);
                }
                for (String metric : List.of("positiveRate", "accuracy")) {
                    Map<String, Object> f = common(id, v, h, "fairness", "ok");
                    f.put("column", "sex");
                    f.put("metric", metric);
                    f.put("gap", metric.equals("positiveRate") ? 0.05 * (h + 1) * v / 2 : 0.03 * v);
                    Map<String, Object> groups = new LinkedHashMap<>();
                    groups.put("female", 0.3);
                    groups.put("male", 0.3 + (double) f.get("gap"));
                    f.put("groups", groups);
                    docs.add(f);
                }
            }
        }
        return docs;
    }

    private static Map<String, Object> common(String id, int version, int h, String kind, String status) {
        Map<String, Object> m = new HashMap<>();
        Instant at = FIRST.plusSeconds(3600L * h);
        m.put("kind", kind);
        m.put("reportId", id);
        m.put("model", ServingRecords.MODEL);
        m.put("environment", "production");
        m.put("version", Integer.toString(version));
        m.put("windowFrom", at.minusSeconds(3605).toString());
        m.put("windowTo", at.minusSeconds(5).toString());
        m.put("generatedAt", at.toString());
        m.put("status", status);
        return m;
    }

    /** The documents as one _bulk body. */
    static String bulk() {
        StringBuilder bulk = new StringBuilder();
        for (Map<String, Object> d : docs()) {
            try {
                bulk.append("{\"index\":{\"_index\":\"").append(INDEX).append("\",\"_id\":\"")
                    .append(d.get("reportId")).append('-').append(d.get("kind")).append('-')
                    .append(d.getOrDefault("feature", d.getOrDefault("metric", ""))).append("\"}}\n")
                    .append(Http.JSON.writeValueAsString(d)).append('\n');
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return bulk.toString();
    }
}
