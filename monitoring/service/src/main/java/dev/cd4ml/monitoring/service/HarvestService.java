package dev.cd4ml.monitoring.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.dataset.DatasetVersionInfo;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.monitoring.client.DataServiceClient;
import dev.cd4ml.monitoring.client.RegistryClient;
import dev.cd4ml.monitoring.client.SearchClient;
import dev.cd4ml.monitoring.config.MonitoringConfig;
import dev.cd4ml.monitoring.domain.HarvestCsv;
import dev.cd4ml.monitoring.domain.HarvestLayout;
import dev.cd4ml.monitoring.domain.HarvestOutcome;
import dev.cd4ml.monitoring.domain.HarvestPolicy;
import dev.cd4ml.monitoring.domain.HarvestTrigger;
import dev.cd4ml.monitoring.repository.HarvestEntity;
import dev.cd4ml.monitoring.repository.HarvestQuery;
import dev.cd4ml.monitoring.repository.HarvestRepository;
import dev.cd4ml.support.client.RemoteFailure;
import dev.cd4ml.support.client.RemoteRejected;
import dev.cd4ml.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * Turns a window of labelled production predictions into a new version of the served version's
 * training dataset ({@code source=feedback}, parent = that training data version) and records the
 * decision, whatever it is. The CSV is built in a temp file from the search engine page by page
 * (and, for {@code append}, from the parent's content streamed from data-service), then streamed
 * to data-service's upload, which is atomic and content-addressed: the same window twice is the
 * same version, announced once.
 */
@ApplicationScoped
public class HarvestService {
  private static final Logger LOG = Logger.getLogger(HarvestService.class);
  public static final String SOURCE = "feedback";

  private final MonitoringConfig config;
  private final ReportService reports;
  private final RegistryClient registry;
  private final DataServiceClient data;
  private final SearchClient search;
  private final HarvestRepository harvests;
  private final Clock clock = Clock.systemUTC();

  public HarvestService(MonitoringConfig config, ReportService reports, RegistryClient registry, DataServiceClient data,
      SearchClient search, HarvestRepository harvests) {
    this.config = config;
    this.reports = reports;
    this.registry = registry;
    this.data = data;
    this.search = search;
    this.harvests = harvests;
  }

  /** What to harvest; {@code note} goes into the version's message (e.g. the alert that triggered it). */
  public record Request(String model, String environment, Instant from, Instant to, HarvestPolicy policy,
      long minLabelled, HarvestTrigger trigger, String note, String requestedBy) {
    /** A harvest the policy decides on its own: nobody requested it. */
    public Request(String model, String environment, Instant from, Instant to, HarvestPolicy policy, long minLabelled,
        HarvestTrigger trigger, String note) {
      this(model, environment, from, to, policy, minLabelled, trigger, note, null);
    }
  }

  /**
   * The recorded decision and, when it is not a success, the problem a caller gets (null for
   * created and unchanged).
   */
  public record Result(HarvestEntity record, ProblemType problem) {
    public boolean succeeded() {
      return problem == null;
    }
  }

  /**
   * @throws ProblemException 404 for an environment, model or stage that does not exist (nothing recorded)
   */
  public Result harvest(Request q) {
    String stage = reports.stageOf(q.environment());
    HarvestEntity e = record(q);

    ModelVersionInfo served;
    try {
      served = registry.inStage(q.model(), stage).orElseThrow(() ->
          ProblemException.notFound("model '" + q.model() + "' has no version in stage " + stage));
    } catch (ProblemException p) {
      throw p;
    } catch (RuntimeException f) { // a remote failure, an open circuit breaker, a timeout
      return unfinished(e, HarvestOutcome.FAILED, "registry-service is unavailable: " + f.getMessage(), ProblemType.UNAVAILABLE);
    }
    e.modelVersion = served.version();
    ModelLineage lineage = served.lineage();
    if (lineage == null || lineage.dataset() == null || lineage.dataVersion() == null) {
      return unfinished(e, HarvestOutcome.FAILED, q.model() + " v" + served.version()
          + " has no training data version in its lineage", ProblemType.UNPROCESSABLE);
    }
    e.dataset = lineage.dataset();
    e.parentVersion = lineage.dataVersion();
    DatasetVersionInfo parent;
    try {
      parent = data.version(lineage.dataset(), lineage.dataVersion());
    } catch (RemoteRejected f) {
      return unfinished(e, HarvestOutcome.FAILED, "data-service refused to give the training data version: "
          + f.getMessage(), ProblemType.UNPROCESSABLE);
    } catch (RuntimeException f) {
      return unfinished(e, HarvestOutcome.FAILED, "data-service is unavailable: " + f.getMessage(), ProblemType.UNAVAILABLE);
    }
    if (parent.schema() == null) {
      return unfinished(e, HarvestOutcome.FAILED, "the training data version " + parent.id() + " has no schema",
          ProblemType.UNPROCESSABLE);
    }
    e.parentVersion = parent.id();
    try {
      JsonNode counts = search.search(config.predictionsIndex(), HarvestQuery.counts(q.model(), q.environment(), q.from(), q.to()));
      e.predictions = HarvestQuery.total(counts);
      e.labelled = HarvestQuery.labelled(counts);
    } catch (RuntimeException f) {
      return unfinished(e, HarvestOutcome.FAILED, "the prediction log (search engine) is unavailable: " + f.getMessage(),
          ProblemType.UNAVAILABLE);
    }
    if (e.labelled < Math.max(1, q.minLabelled())) {
      return unfinished(e, HarvestOutcome.SKIPPED, notEnough(e.labelled, q), ProblemType.NOT_ENOUGH_LABELS);
    }
    if (!harvests.begin(e, e.startedAt.minus(config.harvest().staleAfter()))) {
      e.id = UUID.randomUUID();
      return unfinished(e, HarvestOutcome.SKIPPED, "another harvest of " + q.model() + " is in progress",
          ProblemType.HARVEST_IN_PROGRESS);
    }
    return run(e, q, parent);
  }

  private Result run(HarvestEntity e, Request q, DatasetVersionInfo parent) {
    Path csv = null;
    try {
      csv = Files.createTempFile("cd4ml-harvest-", ".csv");
      long labelled = write(csv, q, parent);
      long rows = labelled + (q.policy() == HarvestPolicy.APPEND ? parent.rows() : 0);
      if (labelled < Math.max(1, q.minLabelled())) {
        return finish(e, HarvestOutcome.SKIPPED, notEnough(labelled, q), labelled, null, null, ProblemType.NOT_ENOUGH_LABELS);
      }
      String message = "feedback harvest of " + q.model() + " " + q.environment() + " [" + q.from() + ", " + q.to()
          + "): " + labelled + " labelled of " + e.predictions + " predictions, policy " + q.policy().json()
          + ", trigger " + q.trigger().json() + (q.note() == null ? "" : " (" + q.note() + ")") + ", served v"
          + e.modelVersion + ", " + rows + " rows";
      DataServiceClient.Uploaded up = data.upload(parent.dataset(), csv, parent.id(), SOURCE, message);
      HarvestOutcome outcome = up.created() ? HarvestOutcome.CREATED : HarvestOutcome.UNCHANGED;
      String reason = up.created() ? null : "the same rows already are version " + up.version().number()
          + " (content-addressed; nothing new announced)";
      LOG.infof("harvest %s of %s: %s %s@%s (%d labelled rows, %d rows)", e.id, q.model(), outcome.json(),
          parent.dataset(), up.version().id(), labelled, rows);
      e.datasetVersionNumber = up.version().number();
      return finish(e, outcome, reason, labelled, up.version().rows(), up.version().id(), null);
    } catch (RemoteRejected f) {
      return finish(e, HarvestOutcome.FAILED, "data-service refused the harvest: " + f.getMessage(), null, null, null,
          ProblemType.UNPROCESSABLE);
    } catch (RemoteFailure | FaultToleranceException f) {
      return finish(e, HarvestOutcome.FAILED, "data-service is unavailable: " + f.getMessage(), null, null, null,
          ProblemType.UNAVAILABLE);
    } catch (SearchUnavailable f) {
      return finish(e, HarvestOutcome.FAILED, "the prediction log (search engine) is unavailable: " + f.getMessage(),
          null, null, null, ProblemType.UNAVAILABLE);
    } catch (IOException | RuntimeException f) {
      LOG.warnf(f, "harvest %s of %s failed", e.id, q.model());
      return finish(e, HarvestOutcome.FAILED, "the harvest could not be written: " + f.getMessage(), null, null, null,
          ProblemType.UNAVAILABLE);
    } finally {
      if (csv != null) {
        try {
          Files.deleteIfExists(csv);
        } catch (IOException x) {
          LOG.warnf("could not delete %s: %s", csv, x.getMessage());
        }
      }
    }
  }

  /** Writes the CSV; returns the labelled rows written. */
  private long write(Path csv, Request q, DatasetVersionInfo parent) throws IOException {
    HarvestLayout layout = HarvestLayout.of(parent.schema());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(csv), 256 * 1024)) {
      if (q.policy() == HarvestPolicy.APPEND) {
        try (InputStream in = data.content(parent.dataset(), parent.id())) {
          layout = layout.inOrderOf(HarvestCsv.copyParent(in, out));
        }
      } else {
        out.write(layout.header().getBytes(StandardCharsets.UTF_8));
      }
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      long n = HarvestCsv.rows(layout, new LabelledRows(q, layout.sourceFields()), w);
      w.flush();
      return n;
    }
  }

  private static String notEnough(long labelled, Request q) {
    return labelled + " labelled predictions in [" + q.from() + ", " + q.to() + "), at least "
        + Math.max(1, q.minLabelled()) + " needed";
  }

  /** A new harvest record of what {@code q} asks for, started now. */
  private HarvestEntity record(Request q) {
    HarvestEntity e = new HarvestEntity();
    e.id = UUID.randomUUID();
    e.model = q.model();
    e.environment = q.environment();
    e.windowFrom = q.from();
    e.windowTo = q.to();
    e.policy = q.policy().json();
    e.trigger = q.trigger().json();
    e.requestedBy = q.requestedBy();
    e.minLabelled = q.minLabelled();
    e.startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return e;
  }

  /** Records a decision not to harvest (a policy's), with why. */
  public HarvestEntity skip(Request q, String reason) {
    HarvestEntity e = record(q);
    return unfinished(e, HarvestOutcome.SKIPPED, reason, null).record();
  }

  /** A decision recorded without having held the lock. */
  private Result unfinished(HarvestEntity e, HarvestOutcome outcome, String reason, ProblemType problem) {
    e.outcome = outcome.json();
    e.reason = reason;
    e.finishedAt = clock.instant();
    harvests.add(e);
    if (outcome == HarvestOutcome.FAILED) {
      LOG.warnf("harvest %s of %s failed: %s", e.id, e.model, reason);
    }
    return new Result(e, problem);
  }

  private Result finish(HarvestEntity e, HarvestOutcome outcome, String reason, Long labelled, Long rows,
      String version, ProblemType problem) {
    Instant at = clock.instant();
    Integer number = version == null ? null : e.datasetVersionNumber;
    harvests.finish(e.id, outcome.json(), reason, labelled, rows, version, number, at);
    if (outcome == HarvestOutcome.FAILED) {
      LOG.warnf("harvest %s of %s failed: %s", e.id, e.model, reason);
    }
    e.outcome = outcome.json();
    e.reason = reason;
    if (labelled != null) {
      e.labelled = labelled;
    }
    e.csvRows = rows;
    e.datasetVersion = version;
    e.datasetVersionNumber = number;
    e.finishedAt = at;
    return new Result(e, problem);
  }

  /** Labelled predictions in the window, one page in memory at a time. */
  private final class LabelledRows implements Iterator<JsonNode> {
    private final Request q;
    private final List<String> fields;
    private final Deque<JsonNode> page = new ArrayDeque<>();
    private JsonNode after;
    private boolean done;

    LabelledRows(Request q, List<String> fields) {
      this.q = q;
      this.fields = fields;
    }

    @Override
    public boolean hasNext() {
      if (page.isEmpty() && !done) {
        int size = config.harvest().pageSize();
        JsonNode hits;
        try {
          hits = search.search(config.predictionsIndex(),
              HarvestQuery.page(q.model(), q.environment(), q.from(), q.to(), fields, size, after)).path("hits").path("hits");
        } catch (RuntimeException e) {
          throw new SearchUnavailable(e.getMessage(), e);
        }
        for (JsonNode hit : hits) {
          page.add(hit.path("_source"));
          after = hit.path("sort");
        }
        done = hits.size() < size;
      }
      return !page.isEmpty();
    }

    @Override
    public JsonNode next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.poll();
    }
  }

  static final class SearchUnavailable extends RuntimeException {
    SearchUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
