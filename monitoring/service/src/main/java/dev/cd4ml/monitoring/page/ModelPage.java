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
 * @param harvests    the feedback loop's harvests and retraining decisions: filled once the harvest
 *                    package is merged; the page shows an empty state while it is empty
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
    List<Object> harvests,
    Instant renderedAt) {

  /** A span of the timeline with where its version came from. */
  public record TimelineRow(Timeline.Span span, String lineageUrl, String dataset, String dataVersion,
      String datasetUrl) {}

  /** One card of the index page. */
  public record Card(String model, String environment, Integer version, String status, Instant generatedAt) {}
}
