package dev.cd4ml.monitoring.config;

import dev.cd4ml.monitoring.domain.HarvestPolicy;
import dev.cd4ml.monitoring.domain.RetrainingPolicy;
import dev.cd4ml.monitoring.domain.Thresholds;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** monitoring-service's settings; every key also as an environment variable (CD4ML_MONITORING_...). */
@ConfigMapping(prefix = "cd4ml.monitoring")
public interface MonitoringConfig {

  /** Elasticsearch (OpenSearch locally) holding the prediction log. */
  String searchUrl();

  @WithDefault("cd4ml-predictions-*")
  String predictionsIndex();

  @WithDefault("cd4ml-feedback-*")
  String feedbackIndex();

  @WithDefault("cd4ml-explanations-*")
  String explanationsIndex();

  /** Prediction requests serving refused (Fluentd tag cd4ml.rejection). */
  @WithDefault("cd4ml-rejections-*")
  String rejectionsIndex();

  /** Stored reports also go to {@code <prefix>YYYY.MM.DD}, for Kibana. */
  @WithDefault("cd4ml-monitoring-")
  String reportsIndexPrefix();

  /** Environment → the registry stage it serves. */
  Map<String, String> environments();

  Evaluation evaluation();

  Join join();

  interface Join {
    /**
     * How long feedback waits for its prediction to reach the index (the log path buffers) before
     * it counts as unjoined.
     */
    @WithDefault("PT10M")
    Duration patience();

    /** Feedback is joined on this schedule too, not only before each evaluation: the online figures follow it. */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("PT15S")
    Duration interval();
  }

  /** Defaults of every model. */
  ThresholdSettings thresholds();

  /** Per model name: thresholds that differ from the defaults. */
  Map<String, ModelSettings> models();

  interface Evaluation {
    @WithDefault("true")
    boolean enabled();

    /** How often every served version is evaluated. */
    @WithDefault("PT5M")
    Duration interval();

    /** The window each scheduled evaluation (and a report without from/to) covers, ending now. */
    @WithDefault("PT1H")
    Duration window();
  }

  interface ModelSettings {
    ThresholdSettings thresholds();

    /** When this model's labelled production data is harvested (overridden by PUT /monitoring/models/{name}/policy). */
    RetrainingSettings retraining();
  }

  Harvest harvest();

  interface Harvest {
    /** Labelled predictions read per search request. */
    @WithName("page-size") @WithDefault("1000") int pageSize();

    /** A harvest still running after this long is taken as abandoned (its process died) and no longer blocks. */
    @WithName("stale-after") @WithDefault("PT30M") Duration staleAfter();

    /** Failed attempts at one window before a policy gives it up. */
    @WithName("max-attempts") @WithDefault("10") int maxAttempts();
  }

  /** The periodic check of every model's retraining policy. */
  Retraining retraining();

  interface Retraining {
    @WithName("check-enabled") @WithDefault("true") boolean checkEnabled();

    @WithName("check-interval") @WithDefault("PT1M") Duration checkInterval();
  }

  interface RetrainingSettings {
    @WithDefault("false") boolean enabled();
    /** The environment harvested (and whose alerts trigger). */
    @WithDefault("production") String environment();
    /** append | window */
    @WithDefault("append") String policy();
    @WithName("min-labelled") @WithDefault("100") long minLabelled();
    @WithName("on-alert") @WithDefault("true") boolean onAlert();
    /** Harvest once this many new labelled rows exist (0: off). */
    @WithName("accumulated-rows") @WithDefault("0") long accumulatedRows();
    /** Harvest every this long (absent: off). */
    Optional<Duration> schedule();
    @WithDefault("PT24H") Duration lookback();
    @WithName("alert-patience") @WithDefault("PT1H") Duration alertPatience();
  }

  /** A model's retraining policy from the configuration (off unless configured). */
  default RetrainingPolicy retrainingOf(String model) {
    if (!models().containsKey(model)) {
      return RetrainingPolicy.OFF;
    }
    RetrainingSettings r = models().get(model).retraining();
    return new RetrainingPolicy(r.enabled(), r.environment(), HarvestPolicy.parse(r.policy()), r.minLabelled(),
        r.onAlert(), r.accumulatedRows(), r.schedule().orElse(null), r.lookback(), r.alertPatience());
  }

  /** Unset values fall back to the defaults group, then to {@link Thresholds#DEFAULTS}. */
  interface ThresholdSettings {
    @WithName("psi-warn") Optional<Double> psiWarn();
    @WithName("psi-alert") Optional<Double> psiAlert();
    @WithName("ks-warn") Optional<Double> ksWarn();
    @WithName("ks-alert") Optional<Double> ksAlert();
    @WithName("missing-warn") Optional<Double> missingWarn();
    @WithName("missing-alert") Optional<Double> missingAlert();
    @WithName("fairness-gap-warn") Optional<Double> fairnessGapWarn();
    @WithName("fairness-gap-alert") Optional<Double> fairnessGapAlert();
    @WithName("accuracy-tolerance") Optional<Double> accuracyTolerance();
    @WithName("min-rows") Optional<Long> minRows();
    @WithName("min-group-rows") Optional<Long> minGroupRows();
    @WithName("min-labelled") Optional<Long> minLabelled();
  }

  /** The thresholds of one model: its own settings over the defaults over {@link Thresholds#DEFAULTS}. */
  default Thresholds thresholdsOf(String model) {
    ThresholdSettings d = thresholds();
    ThresholdSettings m = models().containsKey(model) ? models().get(model).thresholds() : d;
    Thresholds t = Thresholds.DEFAULTS;
    return new Thresholds(
        m.psiWarn().or(d::psiWarn).orElse(t.psiWarn()), m.psiAlert().or(d::psiAlert).orElse(t.psiAlert()),
        m.ksWarn().or(d::ksWarn).orElse(t.ksWarn()), m.ksAlert().or(d::ksAlert).orElse(t.ksAlert()),
        m.missingWarn().or(d::missingWarn).orElse(t.missingWarn()),
        m.missingAlert().or(d::missingAlert).orElse(t.missingAlert()),
        m.fairnessGapWarn().or(d::fairnessGapWarn).orElse(t.fairnessGapWarn()),
        m.fairnessGapAlert().or(d::fairnessGapAlert).orElse(t.fairnessGapAlert()),
        m.accuracyTolerance().or(d::accuracyTolerance).orElse(t.accuracyTolerance()),
        m.minRows().or(d::minRows).orElse(t.minRows()), m.minGroupRows().or(d::minGroupRows).orElse(t.minGroupRows()),
        m.minLabelled().or(d::minLabelled).orElse(t.minLabelled()));
  }
}
