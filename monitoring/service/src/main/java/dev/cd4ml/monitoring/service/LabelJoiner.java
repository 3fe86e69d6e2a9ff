package dev.cd4ml.monitoring.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cd4ml.contracts.logging.PredictionLogFields;
import dev.cd4ml.monitoring.client.SearchClient;
import dev.cd4ml.monitoring.config.MonitoringConfig;
import dev.cd4ml.monitoring.domain.LabelJoin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Labels logged predictions with their ground truth: reads feedback records newer than its cursor,
 * finds each prediction by {@code requestId} and writes {@code actual} and {@code labelledAt} onto
 * it (partial bulk updates: no second copy of the log), so every quality metric is an aggregation
 * over the prediction window, however late the feedback came. Feedback whose prediction is not
 * indexed yet holds the cursor back for {@code patience}; after that it counts as unjoined. Each join
 * reads again from {@code patience} before the cursor: feedback that reached the index after later
 * feedback (the log path buffers and retries) is still applied, and applying a label a prediction
 * already has is skipped.
 */
@ApplicationScoped
public class LabelJoiner {
  static final int BATCH = 500;
  private static final Logger LOG = Logger.getLogger(LabelJoiner.class);

  private final SearchClient search;
  private final MonitoringConfig config;
  private final ObjectMapper json;
  private final Clock clock = Clock.systemUTC();
  private final Counter joined;
  private final Counter unjoined;
  // The cursor: feedback up to (timestamp, requestId) is applied. Lost on restart: re-applying is idempotent.
  private Instant cursorAt = Instant.EPOCH;
  private String cursorId = "";
  // Unjoined feedback up to here is counted: each one is counted once, when it outlives the patience.
  private Instant unjoinedUpTo = Instant.EPOCH;

  public LabelJoiner(SearchClient search, MonitoringConfig config, ObjectMapper json, MeterRegistry registry) {
    this.search = search;
    this.config = config;
    this.json = json;
    this.joined = Counter.builder("cd4ml.feedback.joined")
        .description("Predictions labelled by feedback (once each: a later correction relabels without counting again)")
        .register(registry);
    this.unjoined = Counter.builder("cd4ml.feedback.unjoined")
        .description("Feedback whose requestId no logged prediction has (after join.patience)").register(registry);
  }

  /** Between evaluations too: a report asked for right after feedback shows it (tests join explicitly). */
  @Scheduled(every = "${cd4ml.monitoring.join.interval}", delayed = "${cd4ml.monitoring.join.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
  void scheduled() {
    try {
      join();
    } catch (RuntimeException e) {
      LOG.warnf("scheduled label join failed: %s", e.getMessage());
    }
  }

  /** Skips the scheduled join when it is turned off. */
  @jakarta.inject.Singleton
  public static class Disabled implements Scheduled.SkipPredicate {
    private final MonitoringConfig config;

    public Disabled(MonitoringConfig config) {
      this.config = config;
    }

    @Override
    public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
      return !config.join().enabled();
    }
  }

  /** Applies all feedback that arrived since the last call; returns how many predictions were labelled. */
  public synchronized long join() {
    long labelled = 0;
    Instant patientSince = clock.instant().minus(config.join().patience());
    Instant readAt = cursorAt.equals(Instant.EPOCH) ? cursorAt : cursorAt.minus(config.join().patience());
    String readId = "";
    Instant countedUpTo = unjoinedUpTo;
    while (true) {
      List<LabelJoin.Feedback> batch = nextFeedback(readAt, readId);
      if (batch.isEmpty()) {
        return done(labelled, patientSince);
      }
      readAt = batch.get(batch.size() - 1).at();
      readId = batch.get(batch.size() - 1).requestId();
      Map<String, LabelJoin.Feedback> latest = LabelJoin.latest(batch);
      Map<String, List<JsonNode>> predictions = predictionsOf(latest.keySet());
      StringBuilder bulk = new StringBuilder();
      LabelJoin.Feedback stopAt = null;
      for (LabelJoin.Feedback f : batch) {
        if (!predictions.containsKey(f.requestId()) && f.at().isAfter(patientSince)) {
          stopAt = f; // its prediction may still be on its way to the index
          break;
        }
      }
      int n = 0;
      long newlyLabelled = 0;
      for (LabelJoin.Feedback f : latest.values()) {
        if (stopAt != null && !before(f, stopAt)) {
          continue;
        }
        List<JsonNode> hits = predictions.get(f.requestId());
        if (hits == null) {
          if (f.at().isAfter(countedUpTo)) {
            unjoined.increment();
          }
          continue;
        }
        for (JsonNode hit : hits) {
          Instant labelledAt = labelledAt(hit);
          if (!LabelJoin.supersedes(f.at(), labelledAt)) {
            continue; // a later feedback for this request already labels it
          }
          if (labelledAt == null) {
            newlyLabelled++;
          }
          ObjectNode action = json.createObjectNode();
          action.putObject("update").put("_index", hit.path("_index").asText()).put("_id", hit.path("_id").asText());
          ObjectNode doc = json.createObjectNode();
          doc.putObject("doc").put(PredictionLogFields.ACTUAL, f.actual()).put(PredictionLogFields.LABELLED_AT, f.at().toString());
          bulk.append(action).append('\n').append(doc).append('\n');
          n++;
        }
      }
      if (n > 0) {
        JsonNode result = search.bulk(bulk.toString());
        if (result.path("errors").asBoolean(false)) {
          throw new IllegalStateException("the search engine refused some label updates: " + firstError(result));
        }
        joined.increment(newlyLabelled);
        labelled += newlyLabelled;
      }
      LabelJoin.Feedback last = stopAt != null ? previous(batch, stopAt) : batch.get(batch.size() - 1);
      if (last != null && (last.at().isAfter(cursorAt)
          || (last.at().equals(cursorAt) && last.requestId().compareTo(cursorId) > 0))) {
        cursorAt = last.at();
        cursorId = last.requestId();
      }
      if (stopAt != null || batch.size() < BATCH) {
        return done(labelled, patientSince);
      }
    }
  }

  /** A join went through: unjoined feedback up to {@code patientSince} is counted. */
  private long done(long labelled, Instant patientSince) {
    if (patientSince.isAfter(unjoinedUpTo)) {
      unjoinedUpTo = patientSince;
    }
    return labelled;
  }

  private static boolean before(LabelJoin.Feedback f, LabelJoin.Feedback stop) {
    int c = f.at().compareTo(stop.at());
    return c < 0 || (c == 0 && f.requestId().compareTo(stop.requestId()) < 0);
  }

  private static LabelJoin.Feedback previous(List<LabelJoin.Feedback> batch, LabelJoin.Feedback stop) {
    int i = batch.indexOf(stop);
    return i <= 0 ? null : batch.get(i - 1);
  }

  private List<LabelJoin.Feedback> nextFeedback(Instant afterAt, String afterId) {
    ObjectNode body = json.createObjectNode();
    body.put("size", BATCH);
    body.putArray("_source").add(PredictionLogFields.REQUEST_ID).add(PredictionLogFields.ACTUAL).add(PredictionLogFields.TIMESTAMP);
    ArrayNode sort = body.putArray("sort");
    sort.addObject().put(PredictionLogFields.TIMESTAMP, "asc");
    sort.addObject().put(PredictionLogFields.REQUEST_ID, "asc");
    body.putArray("search_after").add(afterAt.toEpochMilli()).add(afterId);
    List<LabelJoin.Feedback> feedback = new ArrayList<>();
    for (JsonNode hit : search.search(config.feedbackIndex(), body).path("hits").path("hits")) {
      JsonNode s = hit.path("_source");
      if (s.hasNonNull(PredictionLogFields.REQUEST_ID) && s.hasNonNull(PredictionLogFields.ACTUAL)) {
        feedback.add(new LabelJoin.Feedback(s.path(PredictionLogFields.REQUEST_ID).asText(),
            s.path(PredictionLogFields.ACTUAL).asText(), Instant.ofEpochMilli(hit.path("sort").path(0).asLong())));
      }
    }
    return feedback;
  }

  private Map<String, List<JsonNode>> predictionsOf(Iterable<String> requestIds) {
    ObjectNode body = json.createObjectNode();
    body.put("size", BATCH * 2);
    body.putArray("_source").add(PredictionLogFields.REQUEST_ID).add(PredictionLogFields.LABELLED_AT);
    ArrayNode ids = body.putObject("query").putObject("terms").putArray(PredictionLogFields.REQUEST_ID);
    requestIds.forEach(ids::add);
    Map<String, List<JsonNode>> byId = new HashMap<>();
    for (JsonNode hit : search.search(config.predictionsIndex(), body).path("hits").path("hits")) {
      byId.computeIfAbsent(hit.path("_source").path(PredictionLogFields.REQUEST_ID).asText(), k -> new ArrayList<>()).add(hit);
    }
    return byId;
  }

  private static Instant labelledAt(JsonNode hit) {
    JsonNode at = hit.path("_source").path(PredictionLogFields.LABELLED_AT);
    if (!at.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(at.asText());
    } catch (java.time.format.DateTimeParseException e) {
      return null; // not ours: relabel
    }
  }

  private static String firstError(JsonNode bulk) {
    for (JsonNode item : bulk.path("items")) {
      JsonNode error = item.path("update").path("error");
      if (!error.isMissingNode()) {
        return error.toString();
      }
    }
    return "unknown";
  }
}
