package dev.cd4ml.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
            Files.writeString(Repo.path(KibanaObjects.FEATURE_TEMPLATE_FILE), KibanaObjects.featureTemplate(), StandardCharsets.UTF_8);
        }
        assertThat(Repo.read(FILE))
            .as("kibana/cd4ml-monitoring.ndjson is stale: rerun with -Dcd4ml.regenerate=true")
            .isEqualTo(KibanaObjects.ndjson());
        assertThat(Repo.read(KibanaObjects.FEATURE_TEMPLATE_FILE))
            .as("kibana/cd4ml-feature-panels.template is stale: rerun with -Dcd4ml.regenerate=true")
            .isEqualTo(KibanaObjects.featureTemplate());
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
        // predictions, feedback, explanations and monitoring-service's stored reports, each with its time field
        List<String> views = new ArrayList<>();
        objects().stream().filter(o -> o.path("type").asText().equals("index-pattern")).forEach(dv ->
            views.add(dv.path("id").asText() + "=" + dv.at("/attributes/title").asText() + "@" + dv.at("/attributes/timeFieldName").asText()));
        assertThat(views).containsExactly("cd4ml-predictions=cd4ml-predictions-*@timestamp",
            "cd4ml-feedback=cd4ml-feedback-*@timestamp", "cd4ml-explanations=cd4ml-explanations-*@timestamp",
            "cd4ml-monitoring=cd4ml-monitoring-*@generatedAt");
    }

    @Test
    void everyVisualizationReadsADataView() throws Exception {
        List<JsonNode> visualizations = objects().stream().filter(o -> o.path("type").asText().equals("visualization")).toList();
        Set<String> dataViews = new HashSet<>();
        KibanaObjects.DATA_VIEWS.forEach(v -> dataViews.add(v.id()));

        assertThat(visualizations).isNotEmpty();
        for (JsonNode v : visualizations) {
            JsonNode search = Http.JSON.readTree(v.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
            String refName = search.path("indexRefName").asText();
            assertThat(refName).as(v.path("id").asText()).isNotEmpty();
            assertThat(v.path("references")).as(v.path("id").asText()).anySatisfy(r -> {
                assertThat(r.path("name").asText()).isEqualTo(refName);
                assertThat(r.path("type").asText()).isEqualTo("index-pattern");
                assertThat(r.path("id").asText()).isIn(dataViews);
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
    void dashboardsShowEveryVisualizationThroughResolvableReferences() throws Exception {
        List<JsonNode> all = objects();
        List<JsonNode> dashboards = all.stream().filter(o -> o.path("type").asText().equals("dashboard")).toList();
        Set<String> visualizationIds = new HashSet<>();
        all.stream().filter(o -> o.path("type").asText().equals("visualization")).forEach(o -> visualizationIds.add(o.path("id").asText()));

        assertThat(dashboards).extracting(d -> d.at("/attributes/title").asText()).containsExactly("Model monitoring", "Model health");
        Set<String> shown = new HashSet<>();
        for (JsonNode dashboard : dashboards) {
            shown.addAll(shownBy(dashboard, visualizationIds));
        }
        assertThat(shown).isEqualTo(visualizationIds);
    }

    /** The visualizations a dashboard shows; each panel fits the grid and resolves to one of {@code ids}. */
    static Set<String> shownBy(JsonNode dashboard, Set<String> visualizationIds) throws Exception {
        JsonNode panels = Http.JSON.readTree(dashboard.at("/attributes/panelsJSON").asText());
        Set<String> shown = new HashSet<>();
        Set<String> panelIndexes = new HashSet<>();
        List<JsonNode> placed = new ArrayList<>();
        for (JsonNode panel : panels) {
            assertThat(panelIndexes.add(panel.path("panelIndex").asText())).isTrue();
            assertThat(panel.at("/gridData/i").asText()).isEqualTo(panel.path("panelIndex").asText());
            JsonNode grid = panel.path("gridData");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).isLessThanOrEqualTo(48);
            // Kibana would push an overlapping panel elsewhere: every panel has its own cells
            for (JsonNode other : placed) {
                boolean apart = grid.path("x").asInt() >= other.path("x").asInt() + other.path("w").asInt()
                    || other.path("x").asInt() >= grid.path("x").asInt() + grid.path("w").asInt()
                    || grid.path("y").asInt() >= other.path("y").asInt() + other.path("h").asInt()
                    || other.path("y").asInt() >= grid.path("y").asInt() + grid.path("h").asInt();
                assertThat(apart).as(dashboard.path("id").asText() + ": panel " + grid + " overlaps " + other).isTrue();
            }
            placed.add(grid);
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
        return shown;
    }

    @Test
    void dashboardHasThePanelsUsersAskedFor() throws Exception {
        List<PanelQuery> panels = PanelQuery.fromNdjson(Repo.read(FILE));

        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("count|date_histogram:timestamp|terms:version"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("count|terms:version|terms:prediction"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("percentiles:latencyMs|date_histogram:timestamp"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("count|terms:shadowAgreement"));
        // Model health: drift per feature, fairness gaps, online accuracy and labelled share per version,
        // shadow against primary, explanation features, feedback
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("max:psi|date_histogram:generatedAt|terms:feature"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("max:ks|date_histogram:generatedAt|terms:feature"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("max:gap|date_histogram:generatedAt|terms:column|terms:metric"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("avg:accuracy|date_histogram:generatedAt|terms:version"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("avg:labelledShare|date_histogram:generatedAt|terms:version"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p))
            .isEqualTo("avg:shadowAccuracy|avg:primaryAccuracy|avg:shadowAgreement|date_histogram:generatedAt"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("count|terms:drivers|terms:version"));
        assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo("count|date_histogram:timestamp|terms:version"));
        // no input feature is hard-coded any more: the import step generates them from a signature
        assertThat(panels).noneSatisfy(p -> assertThat(p.id()).startsWith("cd4ml-feature-"));
    }

    /** The demo dataset's columns (data-service's generator): no shipped panel may be fixed to them. */
    static final Set<String> DEMO_COLUMNS = Set.of("age", "age_band", "sex", "income", "loan_amount", "loan_term_months",
        "credit_score", "num_late_payments", "debt_to_income", "employment", "housing", "purpose", "region", "defaulted");

    @Test
    void noStaticPanelNamesADemoColumn() throws Exception {
        List<PanelQuery> panels = PanelQuery.fromNdjson(Repo.read(FILE));

        assertThat(panels).isNotEmpty();
        for (PanelQuery p : panels) {
            Set<String> named = new HashSet<>(p.filters().keySet());
            p.filters().values().forEach(named::add);
            p.metrics().forEach(m -> named.add(m.at("/params/field").asText()));
            p.buckets().forEach(b -> named.add(b.at("/params/field").asText()));
            named.addAll(List.of(p.title().split("[^A-Za-z0-9_]+")));
            assertThat(named).as(p.id() + " names a column of the demo data").doesNotContainAnyElementsOf(DEMO_COLUMNS);
        }
    }

    @Test
    void theImportStepGeneratesOnePanelPairPerFeatureOfTheSignature() throws Exception {
        for (GeneratedFeaturePanels.Model model : List.of(GeneratedFeaturePanels.DEMO, GeneratedFeaturePanels.OTHER)) {
            String m = model.name();
            List<JsonNode> generated = GeneratedFeaturePanels.objects(model);
            Set<String> ids = new HashSet<>();
            generated.stream().filter(o -> o.path("type").asText().equals("visualization")).forEach(o -> ids.add(o.path("id").asText()));
            List<String> expected = new ArrayList<>();
            model.features().forEach((f, kind) -> {
                expected.add("cd4ml-" + m + "-input-" + f);
                expected.add("cd4ml-" + m + "-drift-" + f);
            });
            model.protectedColumns().forEach(c -> expected.add("cd4ml-" + m + "-positive-rate-by-" + c));
            assertThat(ids).as(m).containsExactlyInAnyOrderElementsOf(expected);
            List<JsonNode> dashboards = generated.stream().filter(o -> o.path("type").asText().equals("dashboard")).toList();
            assertThat(dashboards).as(m).hasSize(1);
            JsonNode dashboard = dashboards.get(0);
            assertThat(dashboard.path("id").asText()).isEqualTo("cd4ml-model-features-" + m);
            assertThat(dashboard.at("/attributes/title").asText()).isEqualTo("Model features: " + m);
            assertThat(shownBy(dashboard, ids)).isEqualTo(ids);
            List<PanelQuery> panels = PanelQuery.fromNdjson(GeneratedFeaturePanels.ndjson(model));
            model.features().forEach((f, kind) -> {
                assertThat(panels).anySatisfy(p -> assertThat(aggs(p)).isEqualTo(kind.equals("numeric")
                    ? "min:" + f + "|avg:" + f + "|max:" + f + "|date_histogram:timestamp"
                    : "count|terms:" + f + "|terms:version"));
                assertThat(panels).anySatisfy(p -> {
                    assertThat(aggs(p)).isEqualTo("max:psi|max:ks|date_histogram:generatedAt|terms:version");
                    assertThat(p.filters()).containsEntry("feature", f).containsEntry("kind", "feature").containsEntry("model", m);
                });
            });
            // fairness: the predicted label share of each group of each protected column of the lineage, this model's
            // predictions only
            for (String column : model.protectedColumns()) {
                assertThat(panels).as(m + " " + column).anySatisfy(p -> {
                    assertThat(p.id()).isEqualTo("cd4ml-" + m + "-positive-rate-by-" + column);
                    assertThat(p.title()).startsWith("Predicted label share per " + column + " ");
                    assertThat(aggs(p)).isEqualTo("count|terms:" + column + "|terms:prediction");
                    assertThat(p.filters()).isEqualTo(Map.of("model", m));
                    assertThat(p.dataView()).isEqualTo(KibanaObjects.PREDICTIONS.id());
                });
            }
            assertThat(panels).as(m + ": only its own protected columns").allSatisfy(p -> {
                if (p.id().contains("-positive-rate-by-")) {
                    assertThat(model.protectedColumns()).contains(p.buckets().get(0).at("/params/field").asText());
                }
            });
            for (JsonNode o : generated) {
                for (String embedded : List.of("/attributes/visState", "/attributes/panelsJSON", "/attributes/kibanaSavedObjectMeta/searchSourceJSON")) {
                    if (!o.at(embedded).isMissingNode()) {
                        Http.JSON.readTree(o.at(embedded).asText()); // throws when not JSON
                    }
                }
            }
        }
        // the percentage mode makes the bars shares: the positive label's share of a group is its positive rate
        JsonNode share = GeneratedFeaturePanels.objects(GeneratedFeaturePanels.OTHER).stream()
            .filter(o -> o.path("id").asText().equals("cd4ml-churn-positive-rate-by-channel")).findFirst().orElseThrow();
        assertThat(Http.JSON.readTree(share.at("/attributes/visState").asText()).at("/params/valueAxes/0/scale/mode").asText())
            .isEqualTo("percentage");
        // every generated line belongs to one of the two models
        assertThat(GeneratedFeaturePanels.ndjson().split("\n")).hasSize(
            GeneratedFeaturePanels.ndjson(GeneratedFeaturePanels.DEMO).split("\n").length
                + GeneratedFeaturePanels.ndjson(GeneratedFeaturePanels.OTHER).split("\n").length);
    }

    private static String aggs(PanelQuery p) {
        List<String> parts = new ArrayList<>();
        p.metrics().forEach(m -> parts.add(m.path("type").asText() + (m.at("/params/field").isMissingNode() ? "" : ":" + m.at("/params/field").asText())));
        p.buckets().forEach(b -> parts.add(b.path("type").asText() + ":" + b.at("/params/field").asText()));
        return String.join("|", parts);
    }
}
