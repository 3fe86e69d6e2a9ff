package dev.cd4ml.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A known set of 30 prediction records, 10 feedback records, 6 explanations and 4 rejections, shaped as serving-service's
 * {@code PredictionRecord.build} / {@code addShadow} / {@code feedback} write them: flat maps with
 * Java types as Fluency sends them (String, Double, Integer, Boolean, List, Map, null for a missing
 * value). They span two UTC days, so they land in two daily indices.
 */
final class ServingRecords {

    static final Instant BASE = Instant.parse("2026-01-15T23:00:00Z");
    static final String MODEL = "credit-risk";
    private static final String[] BANDS = {"18-25", "26-35", "36-50", "51-65", "66+"};

    private ServingRecords() {
    }

    static Instant time(int i) {
        return BASE.plus(Duration.ofHours(i / 10)).plus(Duration.ofMinutes((i % 10) * 3L)).plusSeconds(7);
    }

    /** Positive ("yes") for i = 0, 5, 7, 10, 14, 15, 20, 21, 25, 28. */
    static String prediction(int i) {
        return i % 5 == 0 || i % 7 == 0 ? "yes" : "no";
    }

    static List<Map<String, Object>> predictions() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Map<String, Object> m = new HashMap<>(64);
            int version = i % 3 == 0 ? 2 : 1;
            m.put("requestId", String.format("req-%02d", i));
            m.put("timestamp", time(i).toString());
            m.put("environment", i < 25 ? "production" : "test");
            m.put("model", MODEL);
            m.put("version", version);
            // the demo features, in the types InputSchema produces (numbers as Double, categories as String)
            m.put("age", i == 4 ? null : 20.0 + i * 1.5);
            m.put("age_band", BANDS[i % 5]);
            m.put("sex", i % 2 == 0 ? "female" : "male");
            m.put("income", 20000.0 + i * 2500);
            m.put("loan_amount", 1000.0 + i * 700);
            m.put("loan_term_months", 12.0 * (1 + i % 5));
            m.put("credit_score", i == 7 ? null : 500.0 + i * 10);
            m.put("num_late_payments", (double) (i % 4));
            m.put("debt_to_income", 0.1 + (i % 10) * 0.05);
            m.put("employment", new String[] {"employed", "self-employed", "unemployed"}[i % 3]);
            m.put("housing", new String[] {"rent", "own", "mortgage"}[(i / 3) % 3]);
            m.put("purpose", new String[] {"car", "home", "education", "business"}[i % 4]);
            m.put("region", new String[] {"north", "south", "east", "west"}[(i * 7) % 4]);
            // features of another model's schema the template does not name: the dynamic templates type them
            m.put("savings", 1500.5 + i);
            m.put("dependents", (long) (i % 3));
            m.put("channel", i % 2 == 0 ? "web" : "branch");
            String prediction = prediction(i);
            m.put("prediction", prediction);
            if (version == 2) { // a forest: probabilities per label
                double yes = "yes".equals(prediction) ? 0.8 : 0.3;
                Map<String, Double> p = new LinkedHashMap<>();
                p.put("no", 1 - yes);
                p.put("yes", yes);
                m.put("probabilities", p);
            }
            m.put("latencyMs", 1.25 + i);
            if (i == 11) {
                m.put("unknownCategories", List.of("purpose"));
            }
            if (i >= 26) {
                m.put("batchId", "batch-1");
                m.put("row", i - 26);
            }
            if (i < 15) { // a shadow model ran beside the served one; it disagrees for i = 1, 5, 9, 13
                String shadow = i % 4 == 1 ? ("yes".equals(prediction) ? "no" : "yes") : prediction;
                m.put("shadowVersion", 3);
                m.put("shadowPrediction", shadow);
                m.put("shadowAgreement", shadow.equals(prediction));
            }
            records.add(m);
        }
        return records;
    }

    /**
     * Explanations of a sample of the predictions (every fifth: 2 on the first day, 4 on the second),
     * as serving logs them: a tree's decision path (the features on it, in path order) for version 1,
     * LIME's top weights (most important first) for version 2's forest. credit_score drives all 6,
     * income 5, age 4, employment 2.
     */
    static List<Map<String, Object>> explanations() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 30; i += 5) {
            Map<String, Object> m = new HashMap<>(16);
            int version = i % 3 == 0 ? 2 : 1;
            m.put("requestId", String.format("req-%02d", i));
            m.put("timestamp", time(i).plusMillis(250).toString());
            m.put("environment", i < 25 ? "production" : "test");
            m.put("model", MODEL);
            m.put("version", version);
            m.put("prediction", prediction(i));
            if (version == 1) {
                m.put("method", "decision-path");
                m.put("drivers", i == 5 ? List.of("credit_score", "age") : List.of("credit_score", "income", "age"));
            } else {
                m.put("method", "lime");
                m.put("drivers", List.of("credit_score", "income", "employment"));
                Map<String, Object> weights = new LinkedHashMap<>();
                weights.put("credit_score", -0.42);
                weights.put("income", 0.17 + i / 100.0);
                weights.put("employment", 1L); // a whole number still maps as double
                m.put("weights", weights);
            }
            records.add(m);
        }
        return records;
    }

    /**
     * Refused prediction requests as serving logs them (its {@code RejectionRecord.fields}): all on 2026-01-16;
     * three of version 1 in production (two single requests, one bad batch row), one in test.
     */
    static List<Map<String, Object>> rejections() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> m = new LinkedHashMap<>(16);
            m.put("requestId", String.format("rej-%02d", i));
            m.put("timestamp", time(10 + i * 3).plusMillis(500).toString());
            m.put("environment", i < 3 ? "production" : "test");
            m.put("model", MODEL);
            m.put("version", 1);
            m.put("endpoint", i == 2 ? "/predictions/batch" : "/predictions");
            m.put("status", i == 2 ? 200 : 400);
            m.put("problemType", i == 1 ? "malformed-json" : "validation");
            if (i == 1) {
                m.put("row", 1L);
                m.put("column", 17);
            } else {
                m.put("fields", i == 0 ? List.of("features.colour", "features.age") : List.of("features.age"));
            }
            if (i == 2) {
                m.put("row", 7L);
                m.put("batchId", "batch-1");
            }
            records.add(m);
        }
        return records;
    }

    /** Ground truth for every third request, an hour after the prediction. */
    static List<Map<String, Object>> feedback() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 30; i += 3) {
            Map<String, Object> m = new HashMap<>(8);
            m.put("requestId", String.format("req-%02d", i));
            m.put("actual", i % 2 == 0 ? "yes" : "no");
            m.put("timestamp", time(i).plus(Duration.ofHours(1)).toString());
            m.put("environment", i < 25 ? "production" : "test");
            m.put("model", MODEL);
            m.put("version", 2);
            records.add(m);
        }
        return records;
    }
}
