package dev.cd4ml.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The per-model saved objects kibana/import.sh generates from each model's production version, produced
 * by running the shipped script itself (GENERATE_ONLY: no Kibana needed) on version files shaped as the
 * registry answers {@code GET /models/{name}/stages/production} (a {@code ModelVersionInfo}: the
 * lineage's signature and protected columns), for two models in one run: the demo's (the features and
 * protected columns of {@link ServingRecords}' records) and another one with other features and other
 * protected columns.
 */
final class GeneratedFeaturePanels {

    /** A model's version as the import step reads it: signature features in order → kind, protected columns. */
    record Model(String name, Map<String, String> features, List<String> protectedColumns) {
    }

    static final Model DEMO = new Model(ServingRecords.MODEL, demoFeatures(), List.of("sex", "age_band"));
    /** Not the demo's schema: none of its protected columns is the demo's. */
    static final Model OTHER = new Model("churn", otherFeatures(), List.of("channel", "region"));
    /** The demo signature's features in order → kind. */
    static final Map<String, String> FEATURES = DEMO.features();
    /** The demo lineage's protected columns. */
    static final List<String> PROTECTED = DEMO.protectedColumns();
    private static String ndjson;

    private GeneratedFeaturePanels() {
    }

    private static Map<String, String> demoFeatures() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("age", "numeric");
        f.put("sex", "categorical");
        f.put("income", "numeric");
        f.put("num_late_payments", "numeric");
        f.put("purpose", "categorical");
        return f;
    }

    private static Map<String, String> otherFeatures() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("savings", "numeric");
        f.put("channel", "categorical");
        f.put("dependents", "numeric");
        return f;
    }

    /** What one import.sh run generates for both models. */
    static synchronized String ndjson() throws Exception {
        if (ndjson != null) {
            return ndjson;
        }
        Tools.require("curl");
        Path dir = Files.createTempDirectory("cd4ml-signatures");
        for (Model model : List.of(DEMO, OTHER)) {
            Files.writeString(dir.resolve(model.name() + ".json"), versionInfo(model));
        }
        Path out = dir.resolve("generated.ndjson");
        ProcessBuilder pb = new ProcessBuilder("sh", Repo.path("monitoring/kibana/import.sh").toString()).redirectErrorStream(true);
        pb.environment().put("MODELS", DEMO.name() + " " + OTHER.name());
        pb.environment().put("SIGNATURE_DIR", dir.toString());
        pb.environment().put("GENERATE_ONLY", out.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("import.sh did not finish: " + log);
        }
        assertEquals(0, p.exitValue(), "import.sh failed: " + log);
        ndjson = Files.readString(out);
        return ndjson;
    }

    /** The lines of one model's objects: its visualizations ({@code cd4ml-<model>-...}) and its dashboard. */
    static String ndjson(Model model) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : ndjson().split("\n")) {
            String id = line.isBlank() ? "" : Http.JSON.readTree(line).path("id").asText();
            if (id.startsWith("cd4ml-" + model.name() + "-") || id.equals("cd4ml-model-features-" + model.name())) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    static List<JsonNode> objects(Model model) throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : ndjson(model).split("\n")) {
            if (!line.isBlank()) {
                objects.add(Http.JSON.readTree(line));
            }
        }
        return objects;
    }

    /** A ModelVersionInfo as the registry writes it (pretty-printed, so the script cannot rely on one line). */
    private static String versionInfo(Model model) {
        StringBuilder features = new StringBuilder();
        String sep = "";
        for (Map.Entry<String, String> e : model.features().entrySet()) {
            features.append(sep).append("\n      {\"name\": \"").append(e.getKey()).append("\", \"type\": \"").append(e.getValue()).append('"');
            if (e.getValue().equals("categorical")) {
                features.append(", \"categories\": [\"a\", \"b\"]");
            }
            features.append('}');
            sep = ",";
        }
        StringBuilder protectedColumns = new StringBuilder();
        sep = "";
        for (String column : model.protectedColumns()) {
            protectedColumns.append(sep).append('"').append(column).append('"');
            sep = ", ";
        }
        return "{\"model\": \"" + model.name() + "\", \"version\": 2, \"stage\": \"production\",\n"
            + "  \"lineage\": {\"dataset\": \"" + model.name() + "-data\", \"signature\": {\"features\": [" + features + "],\n"
            + "    \"labelColumn\": \"default\", \"labels\": [\"no\", \"yes\"], \"positiveLabel\": \"yes\"},\n"
            + "    \"protectedColumns\": [" + protectedColumns + "], \"provenance\": \"{}\"},\n"
            + "  \"checks\": [{\"name\": \"acceptance\", \"passed\": true}]}\n";
    }
}
