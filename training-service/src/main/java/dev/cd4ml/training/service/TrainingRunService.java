package dev.cd4ml.training.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.contracts.naming.ResourceNames;
import dev.cd4ml.contracts.naming.VersionRef;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.ProblemException;
import dev.cd4ml.contracts.page.Page;
import dev.cd4ml.training.config.BuildInfo;
import dev.cd4ml.training.config.TrainingConfig;
import dev.cd4ml.training.domain.Algorithm;
import dev.cd4ml.training.domain.CodeRevision;
import dev.cd4ml.training.domain.Registration;
import dev.cd4ml.training.domain.RunComparison;
import dev.cd4ml.training.domain.RunStatus;
import dev.cd4ml.training.domain.TrainingParams;
import dev.cd4ml.training.repository.TrainingRun;
import dev.cd4ml.training.repository.TrainingRunRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The use cases behind the REST API: submit, watch, list, compare and cancel runs. */
@ApplicationScoped
public class TrainingRunService {
  private static final Pattern SORT = Pattern.compile("([A-Za-z]+|metrics\\.[A-Za-z0-9._@-]{1,200})(:(asc|desc))?");
  private static final SecureRandom SEEDS = new SecureRandom();

  private final TrainingRunRepository runs;
  private final RunWorkers workers;
  private final RunExecution execution;
  private final RunTracker tracker;
  private final TrainingConfig config;
  private final BuildInfo build;
  private final Json json;
  private final ModelRegistration registration;

  public TrainingRunService(TrainingRunRepository runs, RunWorkers workers, RunExecution execution, RunTracker tracker,
      TrainingConfig config, BuildInfo build, Json json, ModelRegistration registration) {
    this.registration = registration;
    this.runs = runs;
    this.workers = workers;
    this.execution = execution;
    this.tracker = tracker;
    this.config = config;
    this.build = build;
    this.json = json;
  }

  public RunSnapshot submit(RunRequest request) {
    TrainingRun run = validate(request);
    if (!workers.tryReserve()) {
      throw new ProblemException(ProblemType.QUEUE_FULL,
          "all " + config.workers() + " workers are busy and " + config.queueCapacity() + " runs are waiting; retry later",
          null, 0, Map.of("Retry-After", Long.toString(Math.max(1, config.retryAfter().toSeconds()))));
    }
    try {
      runs.insert(run);
    } catch (RuntimeException e) {
      workers.release();
      throw e;
    }
    workers.submit(run.id, execution::execute);
    return view(run, true);
  }

  public RunSnapshot get(UUID id) {
    return view(find(id), true);
  }

  public RunSnapshot cancel(UUID id) {
    TrainingRun run = find(id);
    RunStatus status = RunStatus.parse(run.status);
    if (status.terminal()) {
      throw ProblemException.conflict("run " + id + " already " + status + "; only queued or running runs can be cancelled",
          List.of(ProblemError.field("status", status.name())));
    }
    boolean live = workers.cancel(id);
    if (!live || status == RunStatus.queued) {
      // Not executing yet (or not in this process): the cancellation is final now.
      tracker.cancelled(id, null);
    }
    return view(find(id), true);
  }

  public Page<RunSnapshot> list(String dataset, String status, String sort, int page, int size) {
    List<ProblemError> errors = new ArrayList<>();
    if (status != null && RunStatus.parse(status) == null) {
      errors.add(ProblemError.field("status", "unknown status '" + status + "' (" + RunStatus.names() + ")"));
    }
    if (page < 0) {
      errors.add(ProblemError.field("page", "must be 0 or more"));
    }
    if (size < 1 || size > 200) {
      errors.add(ProblemError.field("size", "must be between 1 and 200"));
    }
    String sortKey = "createdAt";
    boolean descending = true;
    if (sort != null && !sort.isBlank()) {
      var m = SORT.matcher(sort.trim());
      if (!m.matches() || !(m.group(1).startsWith("metrics.") || TrainingRunRepository.SORT_COLUMNS.contains(m.group(1)))) {
        errors.add(ProblemError.field("sort", "use <field>[:asc|:desc] with field one of "
            + String.join(", ", TrainingRunRepository.SORT_COLUMNS) + " or metrics.<name>, e.g. metrics.accuracy:desc"));
      } else {
        sortKey = m.group(1);
        descending = !"asc".equals(m.group(3));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("invalid query parameters", errors);
    }
    TrainingRunRepository.Page p = runs.list(blankToNull(dataset), status, sortKey, descending, page, size);
    return new Page<>(p.items().stream().map(r -> view(r, false)).toList(), page, size, p.total());
  }

  public ComparedRuns compare(String ids) {
    List<UUID> wanted = new ArrayList<>();
    List<ProblemError> errors = new ArrayList<>();
    if (ids == null || ids.isBlank()) {
      throw ProblemException.badRequest("ids", "give two or more run ids, comma separated");
    }
    for (String s : ids.split(",")) {
      try {
        UUID id = UUID.fromString(s.trim());
        if (!wanted.contains(id)) {
          wanted.add(id);
        }
      } catch (IllegalArgumentException e) {
        errors.add(ProblemError.field("ids", "'" + s.trim() + "' is not a run id"));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("invalid run ids", errors);
    }
    if (wanted.size() < 2 || wanted.size() > 20) {
      throw ProblemException.badRequest("ids", "give between 2 and 20 distinct run ids");
    }
    Map<UUID, TrainingRun> found = new LinkedHashMap<>();
    runs.findAll(wanted).forEach(r -> found.put(r.id, r));
    List<String> missing = wanted.stream().filter(id -> !found.containsKey(id)).map(UUID::toString).toList();
    if (!missing.isEmpty()) {
      throw ProblemException.notFound("no training runs " + String.join(", ", missing));
    }
    List<Map<String, ?>> inputs = new ArrayList<>();
    List<Map<String, ?>> metrics = new ArrayList<>();
    List<ComparedRuns.Run> headers = new ArrayList<>();
    for (UUID id : wanted) {
      TrainingRun r = found.get(id);
      headers.add(new ComparedRuns.Run(r.id, r.dataset, r.status, r.createdAt));
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("algorithm", r.algorithm);
      in.put("dataset", r.dataset);
      in.put("dataVersion", r.dataVersion);
      in.put("codeRevision", r.codeRevision);
      in.put("seed", r.seed);
      in.put("positiveLabel", r.positiveLabel);
      in.putAll(RunComparison.flatten("params.", json.map(r.params)));
      in.putAll(RunComparison.flatten("split.", json.map(r.split)));
      inputs.add(in);
      Map<String, Double> m = json.doubles(r.metrics);
      metrics.add(m == null ? Map.of() : m);
    }
    return new ComparedRuns(headers, RunComparison.compare(inputs), RunComparison.compare(metrics));
  }

  /**
   * Registers the model of a succeeded run now (the pipeline registers after its evaluation gate).
   * Idempotent: a registered run is returned as it is.
   */
  public RunSnapshot requestRegistration(UUID id) {
    TrainingRun run = find(id);
    if (!RunStatus.succeeded.name().equals(run.status)) {
      throw ProblemException.conflict("run " + id + " is " + run.status + "; only a succeeded run's model can be registered",
          List.of(dev.cd4ml.contracts.problem.ProblemError.field("status", "is " + run.status)));
    }
    if (!Registration.registered.name().equals(run.registration)) {
      if (runs.artifact(id).isEmpty()) {
        throw ProblemException.conflict("the model of run " + id + " is not kept", List.of());
      }
      tracker.registrationRequested(id);
      registration.attempt(id);
    }
    return get(id);
  }

  private TrainingRun find(UUID id) {
    return runs.find(id).orElseThrow(() -> ProblemException.notFound("no training run " + id));
  }

  private TrainingRun validate(RunRequest req) {
    if (req == null) {
      throw ProblemException.badRequest("body", "a JSON body is required");
    }
    List<ProblemError> errors = new ArrayList<>();
    if (req.dataset() == null || req.dataset().isBlank()) {
      errors.add(ProblemError.field("dataset", "is required"));
    } else {
      // The platform's one name rule: data-service would not know the dataset, the registry would refuse the model.
      ResourceNames.problem("dataset", req.dataset()).ifPresent(p -> errors.add(ProblemError.field("dataset", p)));
    }
    String ref = req.dataVersion() == null || req.dataVersion().isBlank() ? "latest" : req.dataVersion().trim();
    try {
      VersionRef.parse(ref);
    } catch (IllegalArgumentException e) {
      errors.add(ProblemError.field("dataVersion", e.getMessage()));
    }
    String algorithmName = req.algorithm() == null ? Algorithm.CART.wireName() : req.algorithm();
    Algorithm algorithm = Algorithm.fromWireName(algorithmName);
    TrainingParams params = null;
    if (algorithm == null) {
      errors.add(ProblemError.field("algorithm", "unknown algorithm '" + algorithmName + "' (" + Algorithm.names() + ")"));
    } else {
      params = TrainingParams.from(algorithm, req.params(), errors);
    }
    double testFraction = 0.2;
    boolean stratified = true;
    if (req.testFraction() != null) {
      testFraction = req.testFraction();
      if (!(testFraction > 0 && testFraction <= 0.9)) {
        errors.add(ProblemError.field("split.testFraction", "must be in (0, 0.9], was " + testFraction));
      }
    }
    if (req.stratified() != null) {
      stratified = req.stratified();
    }
    String modelName = req.modelName() == null || req.modelName().isBlank() ? req.dataset() : req.modelName().trim();
    if (req.modelName() != null && !req.modelName().isBlank()) {
      ResourceNames.problem("model", modelName).ifPresent(p -> errors.add(ProblemError.field("modelName", p)));
    }
    if (req.codeRevision() != null && req.codeRevision().length() > 200) {
      errors.add(ProblemError.field("codeRevision", "must be at most 200 characters"));
    }
    if (req.positiveLabel() != null && req.positiveLabel().isBlank()) {
      errors.add(ProblemError.field("positiveLabel", "must not be blank"));
    }
    JsonNode tags = req.tags();
    if (tags != null && !tags.isNull()) {
      boolean ok = (tags.isObject() || tags.isArray()) && tags.size() <= 50;
      for (JsonNode v : tags) {
        ok &= v.isTextual() && v.asText().length() <= 200;
      }
      if (!ok) {
        errors.add(ProblemError.field("tags", "must be an object or a list of at most 50 strings"));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("invalid training run request", errors);
    }
    TrainingRun run = new TrainingRun();
    run.id = UUID.randomUUID();
    run.dataset = req.dataset();
    run.dataVersionRef = ref;
    run.algorithm = algorithm.wireName();
    run.params = json.write(params.asMap(algorithm));
    run.seed = req.seed() != null ? req.seed() : SEEDS.nextLong() >>> 1;
    Map<String, Object> split = new LinkedHashMap<>();
    split.put("testFraction", testFraction);
    split.put("stratified", stratified);
    run.split = json.write(split);
    run.positiveLabel = req.positiveLabel();
    run.codeRevision = CodeRevision.resolve(req.codeRevision(), build.revision(), config.goRevision().orElse(null));
    run.register = Boolean.TRUE.equals(req.register());
    run.modelName = modelName;
    run.tags = tags == null || tags.isNull() ? "{}" : json.write(tags);
    run.status = RunStatus.queued.name();
    run.registration = Registration.none.name();
    run.timings = "{}";
    run.createdAt = OffsetDateTime.now();
    return run;
  }

  private RunSnapshot view(TrainingRun r, boolean full) {
    Optional<ActiveRun> live = workers.active(r.id);
    RunStatus status = RunStatus.parse(r.status);
    RunSnapshot.Progress progress;
    if (live.isPresent() && !status.terminal()) {
      ActiveRun a = live.get();
      progress = new RunSnapshot.Progress(a.phase(), a.percent(), a.rowsLoaded(), a.rowsExpected());
    } else {
      progress = new RunSnapshot.Progress(r.status, r.percent, r.rowsLoaded, null);
    }
    RunSnapshot.Failure failure = r.failureReason == null ? null
        : new RunSnapshot.Failure(r.failedPhase, r.failureReason);
    RunSnapshot.RegistrationState registration = new RunSnapshot.RegistrationState(r.registration, r.register,
        r.modelName, r.modelVersion, r.registrationAttempts, r.registrationError);
    return new RunSnapshot(r.id, r.dataset, r.dataVersionRef, r.dataVersion, r.dataVersionNumber, r.algorithm,
        json.map(r.params), r.seed, json.map(r.split), r.positiveLabel, r.codeRevision, r.status, progress,
        json.longs(r.timings), json.doubles(r.metrics),
        full ? json.tree(r.evaluation) : null, json.tree(r.champion), full ? json.tree(r.signature) : null, full ? json.tree(r.provenance) : null,
        failure, registration, json.tree(r.tags), r.createdAt, r.startedAt, r.finishedAt);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
