package dev.cd4ml.monitoring.page;

import dev.cd4ml.monitoring.domain.Report;
import dev.cd4ml.monitoring.domain.Thresholds;
import java.time.Instant;
import java.util.List;

/**
 * What the page of one model in one environment shows; the numbers are the report's own.
 *
 * @param report      the latest stored evaluation of {@code version} (or, when none is stored yet, one
 *                    computed now); null when there is nothing to judge
 * @param reportId    the stored evaluation's id (null: computed now, not stored)
 * @param drift       the report's features, worst first
 * @param feature     the feature whose distributions are drawn first
 * @param chartData   the charts' data as JSON (history series, distributions, drivers)
 * @param harvests    the feedback loop's latest harvests and retraining decisions in this environment
 */
public record ModelPage(
    String model,
    String environment,
    List<String> environments,
    Integer servedVersion,
    int version,
    List<Integer> versions,
    Report report,
    String reportId,
    String notice,
    List<TimelineRow> timeline,
    List<Report.FeatureDrift> drift,
    String feature,
    List<String> alerts,
    Thresholds thresholds,
    String chartData,
    int historyPoints,
    List<HarvestRow> harvests,
    Instant renderedAt) {

  /** A span of the timeline with where its version came from. */
  public record TimelineRow(Timeline.Span span, String lineageUrl, String dataset, String dataVersion,
      String datasetUrl) {}

  /** One harvest or retraining decision, with a link to the dataset version it posted. */
  public record HarvestRow(Instant startedAt, String trigger, String policy, Instant from, Instant to, Long labelled,
      Long rows, String outcome, String reason, String datasetVersion, Integer datasetVersionNumber, String datasetUrl) {}

  /** One card of the index page. */
  public record Card(String model, String environment, Integer version, String status, Instant generatedAt) {}
}
