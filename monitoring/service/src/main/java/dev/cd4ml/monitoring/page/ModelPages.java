package dev.cd4ml.monitoring.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.monitoring.client.RegistryClient;
import dev.cd4ml.monitoring.config.MonitoringConfig;
import dev.cd4ml.monitoring.domain.Report;
import dev.cd4ml.monitoring.domain.Status;
import dev.cd4ml.monitoring.repository.HarvestEntity;
import dev.cd4ml.monitoring.repository.HarvestRepository;
import dev.cd4ml.monitoring.repository.ReportEntity;
import dev.cd4ml.monitoring.repository.ReportRepository;
import dev.cd4ml.monitoring.service.ReportService;
import dev.cd4ml.support.client.RemoteFailure;
import dev.cd4ml.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the page of a model in an environment: the registry's audit trail for the timeline, the
 * latest stored evaluation for the numbers, the stored history for the quality charts.
 */
@ApplicationScoped
public class ModelPages {
  private final MonitoringConfig config;
  private final RegistryClient registry;
  private final ReportService reports;
  private final ReportRepository stored;
  private final ReportSeries series;
  private final HarvestRepository harvests;
  private final ObjectMapper json;
  private final String registryUrl;
  private final String dataUrl;
  private final Duration history;
  private final Clock clock = Clock.systemUTC();
  private static final int HARVESTS_SHOWN = 20;

  public ModelPages(MonitoringConfig config, RegistryClient registry, ReportService reports, ReportRepository stored,
      ReportSeries series, HarvestRepository harvests, ObjectMapper json,
      @ConfigProperty(name = "cd4ml.page.registry-url", defaultValue = "http://127.0.0.1:8083") String registryUrl,
      @ConfigProperty(name = "cd4ml.page.data-service-url", defaultValue = "http://127.0.0.1:8081") String dataUrl,
      @ConfigProperty(name = "cd4ml.page.history", defaultValue = "P30D") Duration history) {
    this.config = config;
    this.registry = registry;
    this.reports = reports;
    this.stored = stored;
    this.series = series;
    this.harvests = harvests;
    this.json = json;
    this.registryUrl = strip(registryUrl);
    this.dataUrl = strip(dataUrl);
    this.history = history;
  }

  /** Every model the registry knows, in every environment monitoring watches, with its latest judgement. */
  @Transactional
  public List<ModelPage.Card> cards() {
    List<ModelPage.Card> cards = new ArrayList<>();
    registry(registry::stageHolders).forEach((model, stages) -> config.environments().forEach((env, stage) -> {
      Integer version = stages.get(stage);
      Optional<ReportEntity> latest = version == null ? Optional.empty() : stored.latest(model, env, version);
      cards.add(new ModelPage.Card(model, env, version, latest.map(e -> e.status).orElse(null),
          latest.map(e -> e.generatedAt).orElse(null)));
    }));
    return cards;
  }

  @Transactional
  /**
   * @param from, to a window to judge now instead of showing the latest stored evaluation (either may
   *                 be null: the defaults of the report API)
   */
  public ModelPage page(String model, String environment, Integer version, String feature, Instant from, Instant to) {
    String stage = reports.stageOf(environment);
    if (!registry(registry::stageHolders).containsKey(model)) {
      throw ProblemException.notFound("model '" + model + "'");
    }
    Instant now = clock.instant();
    Integer served = registry(() -> registry.inStage(model, stage)).map(ModelVersionInfo::version).orElse(null);
    List<Timeline.Span> spans = Timeline.of(registry(() -> registry.history(model)), stage, now);
    TreeSet<Integer> versions = new TreeSet<>();
    spans.forEach(s -> versions.add(s.version()));
    if (version != null && !versions.contains(version)
        && registry(() -> registry.version(model, version)).isEmpty()) {
      throw ProblemException.notFound("model '" + model + "' version " + version);
    }
    Map<Integer, ModelVersionInfo> infos = new LinkedHashMap<>();
    for (int v : versions) {
      registry(() -> registry.version(model, v)).ifPresent(i -> infos.put(v, i));
    }
    List<ModelPage.TimelineRow> timeline = new ArrayList<>();
    for (Timeline.Span s : spans) {
      ModelVersionInfo info = infos.get(s.version());
      String dataset = info == null || info.lineage() == null ? null : info.lineage().dataset();
      String dataVersion = info == null || info.lineage() == null ? null : info.lineage().dataVersion();
      timeline.add(new ModelPage.TimelineRow(s, registryUrl + "/models/" + model + "/versions/" + s.version(),
          dataset, dataVersion, dataset == null ? null : dataUrl + "/datasets/" + dataset + "/versions/" + dataVersion));
    }

    Integer shown = version != null ? version : served;
    Report report = null;
    String reportId = null;
    String notice = null;
    if (shown == null) {
      notice = "No version serves " + environment + " (stage " + stage + ") yet.";
    } else if (from != null || to != null) {
      report = reports.report(model, environment, shown, from, to);
      notice = "Computed now for the window asked for; not stored.";
    } else {
      Optional<ReportEntity> latest = stored.latest(model, environment, shown);
      if (latest.isPresent()) {
        report = read(latest.get().report);
        reportId = latest.get().id.toString();
      } else {
        report = reports.report(model, environment, shown, null, null);
        notice = "No evaluation of version " + shown + " is stored yet: this report was computed now over the last "
            + config.evaluation().window() + " and is not stored.";
      }
    }
    List<Report.FeatureDrift> drift = report == null ? List.of() : worstFirst(report.features());
    String chosen = drift.stream().map(Report.FeatureDrift::feature).filter(f -> f.equals(feature)).findFirst()
        .orElse(drift.isEmpty() ? null : drift.get(0).feature());
    List<ReportSeries.Point> points = series.since(model, environment, now.minus(history));
    return new ModelPage(model, environment, List.copyOf(config.environments().keySet()), served,
        shown == null ? 0 : shown, List.copyOf(versions), report, reportId, notice, timeline, drift, chosen,
        report == null ? List.of() : alerts(report), config.thresholdsOf(model), chartData(report, points),
        points.size(), harvestRows(model, environment), now);
  }

  /** The latest harvests and retraining decisions of the model in this environment, newest first. */
  private List<ModelPage.HarvestRow> harvestRows(String model, String environment) {
    List<ModelPage.HarvestRow> rows = new ArrayList<>();
    for (HarvestEntity h : harvests.page(model, null, 0, HARVESTS_SHOWN)) {
      if (h.environment.equals(environment)) {
        rows.add(new ModelPage.HarvestRow(h.startedAt, h.trigger, h.policy, h.windowFrom, h.windowTo, h.labelled,
            h.csvRows, h.outcome, h.reason, h.datasetVersion, h.datasetVersionNumber,
            h.datasetVersion == null || h.dataset == null ? null
                : dataUrl + "/datasets/" + h.dataset + "/versions/" + h.datasetVersion));
      }
    }
    return rows;
  }

  /** Worst status first, then the larger PSI, then the larger KS. */
  static List<Report.FeatureDrift> worstFirst(List<Report.FeatureDrift> features) {
    Comparator<Report.FeatureDrift> order = Comparator.comparingInt((Report.FeatureDrift f) -> rank(f.status()))
        .reversed()
        .thenComparing(f -> f.psi() == null ? -1 : f.psi(), Comparator.reverseOrder())
        .thenComparing(f -> f.ks() == null ? -1 : f.ks(), Comparator.reverseOrder());
    return features.stream().sorted(order).toList();
  }

  static int rank(Status s) {
    return switch (s) {
      case ALERT -> 3;
      case WARN -> 2;
      case OK -> 1;
      case INSUFFICIENT_DATA -> 0;
    };
  }

  /** Every metric of the report that alerts, with the rule that fired. */
  static List<String> alerts(Report r) {
    List<String> alerts = new ArrayList<>();
    for (Report.FeatureDrift f : r.features()) {
      if (f.status() == Status.ALERT) {
        alerts.add("Input drift on " + f.feature() + ": " + rule(f));
      }
    }
    if (r.prediction().status() == Status.ALERT) {
      alerts.add("Prediction drift: " + r.prediction().verdict().rule());
    }
    for (Report.Fairness f : r.fairness()) {
      if (f.verdict().status() == Status.ALERT) {
        alerts.add("Fairness, " + f.metric() + " by " + f.column() + ": " + f.verdict().rule());
      }
    }
    if (r.quality().status() == Status.ALERT) {
      alerts.add("Online quality: " + r.quality().verdict().rule());
    }
    return alerts;
  }

  private static String rule(Report.FeatureDrift f) {
    if (f.psiVerdict().status() == Status.ALERT) {
      return f.psiVerdict().rule();
    }
    if (f.ksVerdict() != null && f.ksVerdict().status() == Status.ALERT) {
      return f.ksVerdict().rule();
    }
    return f.missingVerdict().rule();
  }

  private String chartData(Report report, List<ReportSeries.Point> points) {
    ObjectNode data = json.createObjectNode();
    ObjectNode distributions = data.putObject("distributions");
    if (report != null) {
      for (Report.FeatureDrift f : report.features()) {
        if (f.distribution() != null) {
          distributions.set(f.feature(), json.valueToTree(f.distribution()));
        }
      }
      ArrayNode drivers = data.putArray("drivers");
      if (report.explanations() != null) {
        report.explanations().features().forEach(d -> drivers.add(json.valueToTree(d)));
      }
    }
    // Columns per version (time in epoch seconds, figures to 4 decimals: a chart cannot show more),
    // so a month of hourly reports of several versions stays a small page.
    ObjectNode byVersion = data.putObject("quality");
    for (ReportSeries.Point p : points) {
      String v = Integer.toString(p.version());
      ObjectNode s = byVersion.has(v) ? (ObjectNode) byVersion.get(v) : newSeries(byVersion.putObject(v));
      ((ArrayNode) s.get("t")).add(p.at().getEpochSecond());
      add((ArrayNode) s.get("accuracy"), p.accuracy());
      add((ArrayNode) s.get("labelledShare"), p.labelledShare());
      add((ArrayNode) s.get("shadowAccuracy"), p.shadowAccuracy());
    }
    try {
      // Inside a <script> element: no "</" may close it early.
      return json.writeValueAsString(data).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode newSeries(ObjectNode s) {
    s.putArray("t");
    s.putArray("accuracy");
    s.putArray("labelledShare");
    s.putArray("shadowAccuracy");
    return s;
  }

  private static void add(ArrayNode column, Double v) {
    if (v == null) {
      column.addNull();
    } else {
      column.add(Math.round(v * 1e4) / 1e4);
    }
  }

  private Report read(String report) {
    try {
      return json.readValue(report, Report.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T registry(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RemoteFailure e) {
      throw ProblemException.unavailable("registry-service", e.getMessage());
    }
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
