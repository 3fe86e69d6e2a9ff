package dev.cd4ml.serving.api;

import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.serving.service.PredictionService;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Rejects an oversized body with a 413 problem before it is read: single predictions and feedback
 * are small, batches may be large. Bodies without a Content-Length (chunked) are capped by
 * quarkus.http.limits.max-body-size, set to the batch limit.
 */
@ApplicationScoped
public class BodySizeLimit {
  private final long maxBody;
  private final long maxBatchBody;
  private final PredictionService predictions;

  public BodySizeLimit(ServingConfig config, PredictionService predictions) {
    this.predictions = predictions;
    this.maxBody = config.maxBodySize().asLongValue();
    this.maxBatchBody = config.maxBatchBodySize().asLongValue();
  }

  void install(@Observes Router router) {
    router.route().order(-100).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    String length = ctx.request().getHeader("Content-Length");
    if (length == null || ctx.request().method() == HttpMethod.GET) {
      ctx.next();
      return;
    }
    long size;
    try {
      size = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      ctx.next();
      return;
    }
    String path = ctx.normalizedPath();
    long limit = path.startsWith("/predictions/batch") ? maxBatchBody : maxBody;
    if (size <= limit) {
      ctx.next();
      return;
    }
    if (path.equals("/predictions") || path.equals("/predictions/batch")) {
      predictions.rejected(path, 413, ProblemType.TOO_LARGE.slug(), null, null, null); // refused like any bad request
    }
    Problem problem = ProblemType.TOO_LARGE.problem(
        "body of " + size + " bytes exceeds the limit of " + limit + " bytes for " + path, path);
    ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
        .end(EventJson.write(problem));
  }
}
