package dev.cd4ml.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.Approval;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import dev.cd4ml.cli.Release;
import dev.cd4ml.cli.canary.CanaryRules;
import dev.cd4ml.cli.canary.Figures;
import dev.cd4ml.cli.canary.Observation;
import dev.cd4ml.cli.canary.ServingMeters;
import dev.cd4ml.cli.canary.Thresholds;
import dev.cd4ml.contracts.drift.DriftStatistics;
import dev.cd4ml.contracts.monitoring.CanaryAnalysis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "canary-analysis", description = "Wait for canary traffic, compare the canary with the primary"
    + " version (error rate, latency p99, prediction drift, online accuracy), print each rule with its figures, then"
    + " promote the canary to production or abort it (canary -> archived) and fail.")
public class CanaryAnalysisCommand implements Callable<Integer> {
  @Option(names = "--release", defaultValue = "release.json") Path releaseFile;
  @Option(names = "--approval", description = "approval.json of the stage that carried the manual approval: its"
      + " approver is recorded with the production promotion") Path approvalFile;
  @Option(names = "--predictions", defaultValue = "${env:CANARY_PREDICTIONS:-200}",
      description = "canary predictions to wait for (default 200)") long predictions;
  @Option(names = "--minutes", defaultValue = "${env:CANARY_MINUTES:-0}",
      description = "or judge after this many minutes of observation, whatever arrived (0 = off)") double minutes;
  @Option(names = "--timeout", defaultValue = "${env:CANARY_TIMEOUT:-PT30M}",
      description = "give up waiting: the traffic rule fails below --predictions") Duration timeout;
  @Option(names = "--poll", defaultValue = "PT5S") Duration poll;
  @Option(names = "--monitoring-url", defaultValue = "${env:CD4ML_MONITORING_URL:-}",
      description = "monitoring-service (env CD4ML_MONITORING_URL); empty: serving's /q/metrics") String monitoringUrl;
  @Option(names = "--max-error-rate-increase", defaultValue = "0.01",
      description = "canary error rate <= primary + this (default ${DEFAULT-VALUE})") double maxErrorRateIncrease;
  @Option(names = "--max-latency-ratio", defaultValue = "1.5",
      description = "canary p99 <= this x primary p99 ... (default ${DEFAULT-VALUE})") double maxLatencyRatio;
  @Option(names = "--latency-slack-ms", defaultValue = "5",
      description = "... or <= primary p99 + this many ms (default ${DEFAULT-VALUE})") double latencySlackMs;
  @Option(names = "--max-prediction-drift", defaultValue = "0.25",
      description = "PSI of the predicted labels (default ${DEFAULT-VALUE}: monitoring's alert threshold)") double maxPredictionDrift;
  @Option(names = "--min-accuracy-ratio", defaultValue = "0.95",
      description = "canary online accuracy >= this x primary's (default ${DEFAULT-VALUE})") double minAccuracyRatio;
  @Option(names = "--min-labelled", defaultValue = "30",
      description = "labelled predictions each side needs before accuracy is judged (default ${DEFAULT-VALUE})") long minLabelled;
  @Option(names = "--no-promote", description = "judge and abort on failure, but leave the promotion to another step") boolean noPromote;
  @Option(names = "--promote-timeout", defaultValue = "PT90S") Duration promoteTimeout;

  @Override
  public Integer call() throws Exception {
    Release release = Release.read(releaseFile);
    Endpoints e = Endpoints.fromEnv();
    String model = release.modelName();
    int canary = release.modelVersion();
    if ("production".equals(Api.get(e.registry() + "/models/" + model + "/versions/" + canary).path("stage").asText())) {
      System.out.printf("[canary-analysis] %s v%d is in production already (a first release skips the canary):"
          + " nothing to judge%n", model, canary);
      return 0;
    }
    int holder = Api.get(e.registry() + "/models/" + model + "/stages/canary").path("version").asInt();
    if (holder != canary) {
      throw new CliFailure("the registry's canary of " + model + " is v" + holder + ", not the release's v" + canary);
    }
    int primary = Api.get(e.registry() + "/models/" + model + "/stages/production").path("version").asInt();
    // Fails before the wait, not after it, when the promotion would have no approver on record.
    String promotionReason = noPromote ? null : PromoteCommand.reason(release,
        approvalFile == null ? null : Approval.read(approvalFile), "production", Pipeline.label(), Pipeline.actor());
    Source source = monitoringUrl == null || monitoringUrl.isBlank()
        ? new MetersSource(e.serving("production"), model, primary, canary)
        : new MonitoringSource(monitoringUrl.replaceAll("/+$", ""), model, primary, canary,
            enteredCanary(e.registry(), model, canary));
    System.out.printf("[canary-analysis] %s: canary v%d beside primary v%d, from %s; waiting for %d canary predictions%s"
        + " (timeout %s)%n", model, canary, primary, source.describe(), predictions,
        minutes > 0 ? " or " + minutes + " min" : "", timeout);

    long start = System.nanoTime();
    long lastReport = start;
    Observation o;
    while (true) {
      boolean timedOut = System.nanoTime() - start >= timeout.toNanos();
      o = source.observe(predictions, timedOut);
      boolean minutesUp = minutes > 0 && System.nanoTime() - start >= (long) (minutes * 60e9);
      if (o.canary().predictions() >= predictions || minutesUp || timedOut) {
        break;
      }
      if (System.nanoTime() - lastReport >= 30e9) {
        System.out.printf("[canary-analysis] %d of %d canary predictions so far%n", o.canary().predictions(), predictions);
        lastReport = System.nanoTime();
      }
      Thread.sleep(Math.max(100, Math.min(poll.toMillis(), Math.max(1, (start + timeout.toNanos() - System.nanoTime()) / 1_000_000))));
    }

    CanaryRules.Verdict verdict = CanaryRules.judge(o, new Thresholds(maxErrorRateIncrease, maxLatencyRatio,
        latencySlackMs, maxPredictionDrift, minAccuracyRatio, minLabelled));
    verdict.rules().forEach(r -> System.out.println("[canary-analysis] " + r.line()));
    if (!verdict.passed()) {
      System.out.printf("[canary-analysis] verdict: FAIL (%s): aborting canary v%d%n", String.join(", ", verdict.failed()),
          canary);
      CanaryCommand.abort(model, canary, "pipeline " + Pipeline.label() + ": canary analysis failed ("
          + String.join(", ", verdict.failed()) + ")");
      throw new CliFailure("canary v" + canary + " of " + model + " failed " + String.join(", ", verdict.failed())
          + " and was aborted; production still serves v" + primary);
    }
    if (noPromote) {
      System.out.printf("[canary-analysis] verdict: PASS: canary v%d may be promoted%n", canary);
      return 0;
    }
    System.out.printf("[canary-analysis] verdict: PASS: promoting canary v%d to production%n", canary);
    try {
      PromoteCommand.promote(model, canary, "production", promotionReason);
    } catch (CliFailure refused) {
      CanaryCommand.abort(model, canary, "pipeline " + Pipeline.label() + ": promotion refused after the canary analysis");
      throw refused;
    }
    PromoteCommand.awaitServed(e.serving("production"), model, canary, promoteTimeout);
    return 0;
  }

  /** When the version last entered the canary stage (the analysis window starts there), else now. */
  static Instant enteredCanary(String registryUrl, String model, int version) {
    Instant at = null;
    for (JsonNode entry : Api.get(registryUrl + "/models/" + model + "/history")) {
      if (entry.path("version").asInt() == version && "canary".equals(entry.path("to").asText())
          && !"canary".equals(entry.path("from").asText())) {
        at = Instant.parse(entry.path("at").asText());
      }
    }
    return at == null ? Instant.now() : at;
  }

  interface Source {
    String describe();

    Observation observe(long target, boolean timedOut);
  }

  /** monitoring-service's {@code GET /monitoring/models/{name}/canary-analysis} over [canary entered, now). */
  record MonitoringSource(String url, String model, int primary, int canary, Instant from) implements Source {
    public String describe() {
      return "monitoring-service " + url + " (window from " + from + ")";
    }

    public Observation observe(long target, boolean timedOut) {
      JsonNode a = Api.get(url + "/monitoring/models/" + model + "/canary-analysis?canaryVersion=" + canary
          + "&primaryVersion=" + primary + "&from=" + from);
      return observation(a, target, timedOut);
    }

    /** monitoring-service's answer (the contract record, declared once in platform/contracts) as the rules read it. */
    static Observation observation(JsonNode answer, long target, boolean timedOut) {
      CanaryAnalysis a;
      try {
        a = Api.JSON.treeToValue(answer, CanaryAnalysis.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new CliFailure("monitoring-service's canary analysis is not what the CLI reads: " + e.getOriginalMessage());
      }
      return new Observation("monitoring-service", figures(a.primary()), figures(a.canary()), a.predictionDriftPsi(),
          target, timedOut);
    }

    static Figures figures(CanaryAnalysis.VersionFigures v) {
      return new Figures(v.version(), v.predictions(), v.errorRate(), v.latencyP99Ms(), v.predicted(), v.labelled(),
          v.accuracy());
    }
  }

  /** Serving's meters, counted from the first sample (the command's start) on. */
  static final class MetersSource implements Source {
    private final String servingUrl;
    private final String model;
    private final int primary;
    private final int canary;
    private final ServingMeters primaryBefore;
    private final ServingMeters canaryBefore;

    MetersSource(String servingUrl, String model, int primary, int canary) {
      this.servingUrl = servingUrl;
      this.model = model;
      this.primary = primary;
      this.canary = canary;
      String text = metrics();
      this.primaryBefore = ServingMeters.parse(text, model, primary, "primary");
      this.canaryBefore = ServingMeters.parse(text, model, canary, "canary");
    }

    public String describe() {
      return "serving's meters " + servingUrl + "/q/metrics (monitoring-service not configured: no feedback or"
          + " refusals per version)";
    }

    public Observation observe(long target, boolean timedOut) {
      String text = metrics();
      ServingMeters p = ServingMeters.parse(text, model, primary, "primary").since(primaryBefore);
      ServingMeters c = ServingMeters.parse(text, model, canary, "canary").since(canaryBefore);
      return new Observation("serving meters", p.figures(), c.figures(), DriftStatistics.psi(p.predicted(), c.predicted()),
          target, timedOut);
    }

    private String metrics() {
      Api.Answer a = Api.tryGet(servingUrl + "/q/metrics");
      if (!a.ok()) {
        throw new CliFailure(servingUrl + "/q/metrics answered " + a.status());
      }
      return a.body().isTextual() ? a.body().asText() : a.body().toString();
    }
  }
}
