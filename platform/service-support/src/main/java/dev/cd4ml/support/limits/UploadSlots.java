package dev.cd4ml.support.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A cap on uploads in progress ({@code cd4ml.http.uploads.*}): an upload streams its body on a worker thread for
 * as long as the client sends, so beyond the cap one more is answered 503 problem+json with Retry-After on the event
 * loop, before its body is read. The workers left over keep every other endpoint (GETs, /q/health) answering. A
 * slot is given back when the response ends or the connection closes, whichever comes first.
 */
@ApplicationScoped
public class UploadSlots {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Pattern paths;
  private final int max;
  private final Semaphore slots;
  private final String retryAfter;
  private final Counter refused;

  public UploadSlots(LimitsConfig config, MeterRegistry registry) {
    List<String> regexes = config.uploads().paths().orElse(List.of());
    this.paths = regexes.isEmpty() ? null : Pattern.compile(String.join("|", regexes.stream().map(r -> "(?:" + r + ")").toList()));
    this.max = config.uploads().maxInFlight();
    this.slots = new Semaphore(max);
    this.retryAfter = Long.toString(Math.max(1, config.uploads().retryAfter().toSeconds()));
    Gauge.builder("cd4ml.http.uploads.in.flight", slots, s -> max - s.availablePermits())
        .description("Uploads whose body is being received").register(registry);
    this.refused = Counter.builder("cd4ml.http.uploads.refused")
        .description("Uploads answered 503 because the cap of uploads in progress was reached").register(registry);
  }

  void install(@Observes Router router) {
    if (paths != null) {
      router.route().order(-90).handler(this::admit);
    }
  }

  /** Uploads in progress now. */
  public int inFlight() {
    return max - slots.availablePermits();
  }

  private void admit(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if ((method != HttpMethod.POST && method != HttpMethod.PUT) || !paths.matcher(ctx.normalizedPath()).matches()) {
      ctx.next();
      return;
    }
    if (!slots.tryAcquire()) {
      refused.increment();
      refuse(ctx);
      return;
    }
    AtomicBoolean held = new AtomicBoolean(true);
    Channel channel = BodyGuard.channel(ctx.request());
    ChannelFutureListener onClose = f -> release(held);
    if (channel != null) {
      channel.closeFuture().addListener(onClose);
    }
    ctx.addEndHandler(r -> {
      release(held);
      if (channel != null) {
        channel.closeFuture().removeListener(onClose);
      }
    });
    ctx.next();
  }

  private void release(AtomicBoolean held) {
    if (held.compareAndSet(true, false)) {
      slots.release();
    }
  }

  private void refuse(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String body;
    try {
      body = JSON.writeValueAsString(Problems.body(ProblemType.UPLOADS_BUSY, max + " uploads are in progress, the most "
          + "this instance takes at once; nothing was read, retry after " + retryAfter + " s", path, null, 0));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    ctx.response().setStatusCode(503).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Retry-After", retryAfter)
        .putHeader("Connection", "close").end(body);
  }
}
