package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The shipped saved objects: parseable, complete, consistent, and the dashboard the issue asks for. */
class KibanaSavedObjectsTest {

    static final String FILE = "monitoring/kibana/cd4ml-monitoring.ndjson";

    static List<JsonNode> objects() throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : Repo.read(FILE).split("\n")) {
            if (!line.isBlank()) {
                objects.add(Http.JSON.readTree(line));
            }
        }
        return objects;
    }

    @Test
    void shippedFileIsWhatTheGeneratorWrites() throws Exception {
        if (Boolean.getBoolean("cd4ml.regenerate")) {
            Files.writeString(Repo.path(FILE), KibanaObjects.ndjson(), StandardCharsets.UTF_8);
        }
        assertThat(Repo.read(FILE))
            .as("kibana/cd4ml-monitoring.ndjson is stale: rerun with -Dcd4ml.regenerate=true")
            .isEqualTo(KibanaObjects.ndjson());
    }

    @Test
    void everyLineIsASavedObjectWithParseableEmbeddedJson() throws Exception {
        Set<String> ids = new HashSet<>();
        for (JsonNode o : objects()) {
            assertThat(o.path("id").asText()).isNotEmpty();
            assertThat(ids.add(o.path("type").asText() + ":" + o.path("id").asText())).as("unique " + o.path("id")).isTrue();
            assertThat(o.path("type").asText()).isIn("index-pattern", "visualization", "dashboard");
            assertThat(o.at("/attributes/title").asText()).isNotEmpty();
            assertThat(o.path("migrationVersion").path(o.path("type").asText()).asText()).isEqualTo("7.17.0");
            for (String embedded : List.of("/attributes/visState", "/attributes/panelsJSON", "/attributes/optionsJSON",
                "/attributes/uiStateJSON", "/attributes/kibanaSavedObjectMeta/searchSourceJSON", "/attributes/fieldFormatMap",
                "/attributes/fields")) {
                if (!o.at(embedded).isMissingNode()) {
                    assertThat(o.at(embedded).isTextual()).as(embedded + " is a JSON string").isTrue();
                    Http.JSON.readTree(o.at(embedded).asText()); // throws when not JSON
                }
            }
        }
        assertThat(objects()).filteredOn(o -> o.path("type").asText().equals("index-pattern")).singleElement()
            .satisfies(dv -> {
                assertThat(dv.path("id").asText()).isEqualTo(KibanaObjects.DATA_VIEW_ID);
                assertThat(dv.at("/attributes/title").asText()).isEqualTo("cd4ml-predictions-*");
                assertThat(dv.at("/attributes/timeFieldName").asText()).isEqualTo("timestamp");
            });
    }

    @Test
    void everyVisualizationReadsTheDataView() throws Exception {
        List<JsonNode> visualizations = objects().stream().filter(o -> o.path("type").asText().equals("visualization")).toList();

        assertThat(visualizations).isNotEmpty();
        for (JsonNode v : visualizations) {
            JsonNode search = Http.JSON.readTree(v.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
            String refName = search.path("indexRefName").asText();
            assertThat(refName).as(v.path("id").asText()).isNotEmpty();
            assertThat(v.path("references")).as(v.path("id").asText()).anySatisfy(r -> {
                assertThat(r.path("name").asText()).isEqualTo(refName);
                assertThat(r.path("type").asText()).isEqualTo("index-pattern");
                assertThat(r.path("id").asText()).isEqualTo(KibanaObjects.DATA_VIEW_ID);
            });
            JsonNode visState = Http.JSON.readTree(v.at("/attributes/visState").asText());
            assertThat(visState.path("title").asText()).isEqualTo(v.at("/attributes/title").asText());
            assertThat(visState.path("aggs")).isNotEmpty();
            Set<String> aggIds = new HashSet<>();
            visState.path("aggs").forEach(a -> assertThat(aggIds.add(a.path("id").asText())).isTrue());
            // the y axis series points at an existing metric
            visState.at("/params/seriesParams").forEach(s -> assertThat(aggIds).contains(s.at("/data/id").asText()));
        }
    }

    @Test
    void dashboardShowsEveryVisualizationThroughResolvableReferences() throws Exception {
        List<JsonNode> all = objects();
        JsonNode dashboard = all.stream().filter(o -> o.path("type").asText().equals("dashboard")).findFirst().orElseThrow();
        Set<String> visualizationIds = new HashSet<>();
        all.stream().filter(o -> o.path("type").asText().equals("visualization")).forEach(o -> visualizationIds.add(o.path("id").asText()));

        assertThat(dashboard.at("/attributes/title").asText()).isEqualTo("Model monitoring");
        JsonNode panels = Http.JSON.readTree(dashboard.at("/attributes/panelsJSON").asText());
        Set<String> shown = new HashSet<>();
        Set<String> panelIndexes = new HashSet<>();
        for (JsonNode panel : panels) {
            assertThat(panelIndexes.add(panel.path("panelIndex").asText())).isTrue();
            assertThat(panel.at("/gridData/i").asText()).isEqualTo(panel.path("panelIndex").asText());
            assertThat(panel.at("/gridData/x").asInt() + panel.at("/gridData/w").asInt()).isLessThanOrEqualTo(48);
            String refName = panel.path("panelRefName").asText();
            JsonNode ref = null;
            for (JsonNode r : dashboard.path("references")) {
                if (r.path("name").asText().equals(refName)) {
                    ref = r;
                }
            }
            assertThat(ref).as("reference " + refName).isNotNull();
            assertThat(ref.path("type").asText()).isEqualTo("visualization");
            assertThat(visualizationIds).contains(ref.path("id").asText());
            shown.add(ref.path("id").asText());
        }
        assertThat(shown).isEqualTo(visualizationIds);
    }

    @Test
    void dashboardHasThePanelsUsersAskedFor() throws Exception {
        List<PanelQuery> panels = PanelQuery.fromNdjson(Repo.read(FILE));

        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("count|date_histogram:timestamp|terms:version"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("count|terms:version|terms:prediction"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("percentiles:latencyMs|date_histogram:timestamp"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("count|terms:shadowAgreement"));
        for (String column : KibanaObjects.PROTECTED) {
            assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("count|terms:" + column + "|terms:prediction"));
        }
        KibanaObjects.FEATURES.forEach((feature, interval) -> assertThat(panels).anySatisfy(p ->
            assertThat(aggs(p)).isEqualTo("count|" + (interval == null ? "terms:" : "histogram:") + feature)));
    }

    private static String aggs(PanelQuery p) {
        List<String> parts = new ArrayList<>();
        p.metrics().forEach(m -> parts.add(m.path("type").asText() + (m.at("/params/field").isMissingNode() ? "" : ":" + m.at("/params/field").asText())));
        p.buckets().forEach(b -> parts.add(b.path("type").asText() + ":" + b.at("/params/field").asText()));
        return String.join("|", parts);
    }
}
