package dev.cd4ml.support.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemType;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is answered 413 problem+json
 * before it is read. Quarkus refuses it too (its route at order -2), but with an empty body; this
 * route runs just before it so the refusal says what the limit is, like every other error.
 */
@ApplicationScoped
public class BodyLimit {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final long max;

  public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
      Optional<MemorySize> max) {
    this.max = max.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
  }

  void install(@Observes Router router) {
    router.route().order(-3).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    String length = ctx.request().getHeader("Content-Length");
    long size;
    try {
      size = length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      size = -1; // Vert.x refuses a malformed Content-Length itself
    }
    if (size <= max) {
      ctx.next();
      return;
    }
    String path = ctx.normalizedPath();
    Problem problem = ProblemType.TOO_LARGE.problem("the body of " + size + " bytes exceeds the limit of " + max
        + " bytes; nothing was read", path);
    String body;
    try {
      body = JSON.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
        .end(body);
  }
}
