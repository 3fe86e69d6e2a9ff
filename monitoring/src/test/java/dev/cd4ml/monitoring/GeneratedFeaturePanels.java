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
 * The per-feature saved objects kibana/import.sh generates from a model's signature, produced by
 * running the shipped script itself (GENERATE_ONLY: no Kibana needed) on a signature file shaped as
 * the registry answers {@code GET /models/{name}/stages/production}: the features of
 * {@link ServingRecords}' records.
 */
final class GeneratedFeaturePanels {

    /** The signature's features in order → kind. */
    static final Map<String, String> FEATURES = features();
    private static String ndjson;

    private GeneratedFeaturePanels() {
    }

    private static Map<String, String> features() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("age", "numeric");
        f.put("sex", "categorical");
        f.put("income", "numeric");
        f.put("num_late_payments", "numeric");
        f.put("purpose", "categorical");
        return f;
    }

    static synchronized String ndjson() throws Exception {
        if (ndjson != null) {
            return ndjson;
        }
        Tools.require("curl");
        Path dir = Files.createTempDirectory("cd4ml-signatures");
        StringBuilder signature = new StringBuilder("{\"model\":\"" + ServingRecords.MODEL + "\",\"version\":2,\"stage\":\"production\","
            + "\"lineage\":{\"dataset\":\"credit\",\"signature\":{\"features\":[");
        String sep = "";
        for (Map.Entry<String, String> e : FEATURES.entrySet()) {
            signature.append(sep).append("{\"name\":\"").append(e.getKey()).append("\",\"type\":\"").append(e.getValue()).append('"');
            if (e.getValue().equals("categorical")) {
                signature.append(",\"categories\":[\"a\",\"b\"]");
            }
            signature.append('}');
            sep = ",";
        }
        signature.append("],\"labelColumn\":\"default\",\"labels\":[\"no\",\"yes\"],\"positiveLabel\":\"yes\"}},"
            + "\"checks\":[{\"name\":\"acceptance\",\"passed\":true}]}");
        Files.writeString(dir.resolve(ServingRecords.MODEL + ".json"), signature.toString());
        Path out = dir.resolve("generated.ndjson");
        ProcessBuilder pb = new ProcessBuilder("sh", Repo.path("monitoring/kibana/import.sh").toString()).redirectErrorStream(true);
        pb.environment().put("MODELS", ServingRecords.MODEL);
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

    static List<JsonNode> objects() throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : ndjson().split("\n")) {
            if (!line.isBlank()) {
                objects.add(Http.JSON.readTree(line));
            }
        }
        return objects;
    }
}
