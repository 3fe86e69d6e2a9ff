package dev.cd4ml.serving.api;

import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.serving.service.PredictionService;
import dev.cd4ml.support.input.BodyLimitPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Serving's body limits for service-support's BodyLimit, which refuses a larger body with a 413 problem before it
 * is read (declared by Content-Length) or as soon as its bytes cross the limit (chunked): single predictions and
 * feedback are small, batches may be large. A refused prediction is counted and logged like any bad request.
 */
@ApplicationScoped
public class BodySizeLimit implements BodyLimitPolicy {
  private final long maxBody;
  private final long maxBatchBody;
  private final PredictionService predictions;

  public BodySizeLimit(ServingConfig config, PredictionService predictions) {
    this.predictions = predictions;
    this.maxBody = config.maxBodySize().asLongValue();
    this.maxBatchBody = config.maxBatchBodySize().asLongValue();
  }

  @Override
  public long limit(String path) {
    return path.startsWith("/predictions/batch") ? maxBatchBody : maxBody;
  }

  @Override
  public void refused(String path, long declared, long limit) {
    if (path.equals("/predictions") || path.equals("/predictions/batch")) {
      predictions.rejected(path, 413, ProblemType.TOO_LARGE.slug(), null, null, null);
    }
  }
}
