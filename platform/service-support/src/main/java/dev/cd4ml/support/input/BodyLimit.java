package dev.cd4ml.support.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.limits.BodyWatch;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body larger than its limit is answered 413 problem+json: one declared larger by Content-Length before it is
 * read, a chunked one (no Content-Length) as soon as its bytes cross the limit, counted as they arrive
 * ({@link BodyWatch}), before anything parses them. The limit is the service's {@link BodyLimitPolicy} for the path,
 * else {@code quarkus.http.limits.max-body-size}. Quarkus refuses a declared oversize itself too (its route at
 * order -2), but with an empty body; this route runs before it so the refusal says what the limit is.
 */
@ApplicationScoped
public class BodyLimit {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final long max;
  private final BodyLimitPolicy policy;
  private final BodyWatch watch;

  public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
      Optional<MemorySize> max, Instance<BodyLimitPolicy> policy, BodyWatch watch) {
    this.max = max.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    this.policy = policy.isResolvable() ? policy.get() : null;
    this.watch = watch;
  }

  void install(@Observes Router router) {
    router.route().order(-100).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpMethod method = request.method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      ctx.next();
      return;
    }
    String path = ctx.normalizedPath();
    long limit = policy == null ? max : Math.min(max, policy.limit(path));
    String length = request.getHeader("Content-Length");
    if (length == null) {
      watch.watch(request, path, limit, policy == null ? null : refusedLimit -> policy.refused(path, -1, refusedLimit));
      ctx.next();
      return;
    }
    long size;
    try {
      size = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      size = -1; // Vert.x refuses a malformed Content-Length itself
    }
    if (size <= limit) {
      watch.watch(request, path, Long.MAX_VALUE, null);
      ctx.next();
      return;
    }
    if (policy != null) {
      policy.refused(path, size, limit);
    }
    Problem problem = ProblemType.TOO_LARGE.problem("the body of " + size + " bytes exceeds the limit of " + limit
        + " bytes for " + path + "; nothing was read", path);
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
