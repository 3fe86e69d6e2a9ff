package dev.cd4ml.registry.service;

import dev.cd4ml.contracts.auth.Roles;
import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.model.CheckResult;
import dev.cd4ml.contracts.model.ModelLineage;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.contracts.problem.ProblemError;
import dev.cd4ml.registry.domain.Caller;
import dev.cd4ml.registry.domain.CheckReport;
import dev.cd4ml.registry.domain.PromotionPolicy;
import dev.cd4ml.registry.domain.RuleViolation;
import dev.cd4ml.registry.domain.StageRules;
import dev.cd4ml.registry.events.RegistryEvents;
import dev.cd4ml.registry.repository.ModelCheckEntity;
import dev.cd4ml.registry.repository.ModelVersionEntity;
import dev.cd4ml.registry.repository.RegistryRepository;
import dev.cd4ml.registry.repository.StageChangeEntity;
import dev.cd4ml.contracts.problem.ProblemType;
import dev.cd4ml.support.problem.ProblemException;
import dev.cd4ml.objectstore.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Optional;

/**
 * Every write of the registry, each in one transaction that first locks the model row: changes of
 * one model are serialized, and the events go out (through the outbox) iff the change commits.
 */
@ApplicationScoped
public class RegistryStore {
  private final RegistryRepository repo;
  private final RegistryEvents events;
  private final VersionViews views;
  private final PolicyResolver policies;
  private final RegistryMetrics metrics;
  private final ObjectStore store;

  public RegistryStore(RegistryRepository repo, RegistryEvents events, VersionViews views, PolicyResolver policies,
      RegistryMetrics metrics, ObjectStore store) {
    this.repo = repo;
    this.events = events;
    this.views = views;
    this.policies = policies;
    this.metrics = metrics;
    this.store = store;
  }

  /** Adds the next version of {@code model} for an artifact already stored under {@code key}. */
  @Transactional
  public Registered register(String model, ModelLineage lineage, String key, String sha256, long size, String actor) {
    repo.ensureModel(model);
    repo.lockModel(model);
    Optional<ModelVersionEntity> same = repo.findBySha(model, sha256);
    if (same.isPresent()) {
      return new Registered(views.info(same.get(), repo.checks(same.get().id)), false);
    }
    // A failed registration of the same bytes may have removed the object between our put and
    // this lock (its cleanup runs under the same lock): never commit a row without its object.
    requireStored(key);
    ModelVersionEntity v = new ModelVersionEntity();
    v.model = model;
    v.version = repo.nextVersion(model);
    v.stage = Stage.none.name();
    v.artifactKey = key;
    v.artifactSha256 = sha256;
    v.artifactSize = size;
    v.trainingRunId = lineage.trainingRunId();
    v.dataset = lineage.dataset();
    v.dataVersion = lineage.dataVersion();
    v.codeRevision = lineage.codeRevision();
    v.algorithm = lineage.algorithm();
    v.lineage = EventJson.write(lineage);
    v.registeredAt = now();
    v.registeredBy = actor;
    repo.persist(v);
    events.registered(v);
    return new Registered(views.info(v, List.of()), true);
  }

  /**
   * Removes an artifact object no version refers to, under the model lock so no registration of
   * the same bytes can commit meanwhile.
   *
   * @return true when the object was removed
   */
  @Transactional
  public boolean removeUnreferenced(String model, String key) throws Exception {
    repo.lockModel(model);
    if (repo.artifactReferenced(key)) {
      return false;
    }
    store.remove(key);
    return true;
  }

  /**
   * Moves a version into {@code target}. The previous holder of an environment stage goes to
   * archived in the same transaction; each moved version gets a history entry and an event.
   * Moving a version to the stage it is in changes nothing and succeeds; moving the canary to canary
   * with another traffic weight changes only the weight (with its own history entry and event).
   */
  @Transactional
  public ModelVersionInfo changeStage(String model, int version, Stage target, String reason, String pipelineLabel,
      Integer trafficWeight, Caller caller) {
    if (target == null || target == Stage.none) {
      throw ProblemException.badRequest("stage", "stage must be staging, canary, production or archived");
    }
    Integer weight;
    try {
      weight = StageRules.canaryWeight(target, trafficWeight);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("trafficWeight", e.getMessage());
    }
    repo.lockModel(model).orElseThrow(() -> ProblemException.notFound("model '" + model + "' is not registered"));
    ModelVersionEntity v = repo.findVersion(model, version)
        .orElseThrow(() -> ProblemException.notFound("model '" + model + "' has no version " + version));
    Stage from = Stage.parse(v.stage);
    require(caller, StageRules.rolesFor(from, target), "move a version from " + from + " to " + target);
    if (from == target) {
      if (target == Stage.canary && !weight.equals(v.trafficWeight)) {
        String why = "traffic weight " + v.trafficWeight + " % -> " + weight + " %" + (reason == null ? "" : ": " + reason);
        v.trafficWeight = weight;
        record(v, from, target, caller, why, pipelineLabel, now(), null);
        repo.flush();
      }
      return views.info(v, repo.checks(v.id));
    }
    if (target == Stage.canary && from == Stage.production) {
      throw ProblemException.badRequest("stage", "version " + version + " is in production: it cannot be its own canary");
    }
    String gate = target == Stage.production || target == Stage.canary ? enforcePolicy(v, target) : null;
    Instant at = now();
    if (StageRules.isExclusive(target)) {
      Optional<ModelVersionEntity> holder = repo.findInStage(model, target.name());
      if (holder.isPresent()) {
        ModelVersionEntity h = holder.get();
        h.stage = Stage.archived.name();
        h.trafficWeight = null;
        String why = "replaced in " + target + " by version " + version + (reason == null ? "" : ": " + reason);
        record(h, target, Stage.archived, caller, why, pipelineLabel, at, null);
        // Free the stage before the new holder takes it (the partial unique index checks each row).
        repo.flush();
      }
    }
    v.stage = target.name();
    v.trafficWeight = weight;
    record(v, from, target, caller, reason, pipelineLabel, at, gate);
    repo.flush();
    return views.info(v, repo.checks(v.id));
  }

  @Transactional
  public CheckResult recordCheck(String model, int version, CheckReport request, Caller caller) {
    require(caller, Set.of(Roles.PIPELINE, Roles.RELEASE_MANAGER), "record checks");
    repo.lockModel(model).orElseThrow(() -> ProblemException.notFound("model '" + model + "' is not registered"));
    ModelVersionEntity v = repo.findVersion(model, version)
        .orElseThrow(() -> ProblemException.notFound("model '" + model + "' has no version " + version));
    ModelCheckEntity c = new ModelCheckEntity();
    c.versionId = v.id;
    c.name = request.name().trim();
    c.passed = request.passed();
    c.details = request.details();
    c.pipelineLabel = request.pipelineLabel();
    // The stage is read under the model lock, so it is the stage the version really was in.
    c.stage = v.stage;
    c.actor = caller.actor();
    c.recordedAt = now();
    repo.persist(c);
    return VersionViews.check(c);
  }

  /**
   * The gate into production, or into canary (every rule but max-regression).
   *
   * @return how the regression rule compared (for the audit trail), or null when it did not apply
   */
  private String enforcePolicy(ModelVersionEntity v, Stage target) {
    List<CheckResult> checks = repo.checks(v.id).stream().map(VersionViews::check).toList();
    PromotionPolicy.Candidate candidate = new PromotionPolicy.Candidate(v.version, VersionViews.lineage(v).metrics(),
        checks, repo.wasEverIn(v.model, v.version, Stage.production.name()));
    PromotionPolicy.Holder current = repo.findInStage(v.model, Stage.production.name())
        .map(h -> new PromotionPolicy.Holder(h.version, VersionViews.lineage(h).metrics()))
        .orElse(null);
    PromotionPolicy.Decision decision = target == Stage.canary
        ? PromotionPolicy.decideCanary(policies.forModel(v.model), candidate)
        : PromotionPolicy.decideProduction(policies.forModel(v.model), candidate, current);
    List<RuleViolation> violations = decision.violations();
    if (!violations.isEmpty()) {
      metrics.promotionRefused();
      List<ProblemError> errors = violations.stream().map(r -> ProblemError.field(r.rule(), r.message())).toList();
      throw new ProblemException(ProblemType.PROMOTION_REFUSED,
          "Version " + v.version + " of '" + v.model + "' may not enter " + target + ": " + violations.size()
              + " rule(s) unmet. Nothing was changed.", errors);
    }
    return decision.regression();
  }

  /** @throws ProblemException 403 naming the roles that would have been needed */
  private static void require(Caller caller, Set<String> anyOf, String action) {
    if (!caller.hasAny(anyOf)) {
      throw new ProblemException(ProblemType.FORBIDDEN,
          "'" + caller.actor() + "' (roles " + new TreeSet<>(caller.roles()) + ") may not " + action
              + "; that needs the role " + String.join(" or ", new TreeSet<>(anyOf)) + ".");
    }
  }

  private void record(ModelVersionEntity v, Stage from, Stage to, Caller caller, String reason, String pipelineLabel,
      Instant at, String gate) {
    StageChangeEntity h = new StageChangeEntity();
    h.model = v.model;
    h.version = v.version;
    h.fromStage = from.name();
    h.toStage = to.name();
    h.actor = caller.actor();
    h.reason = reason;
    h.pipelineLabel = pipelineLabel;
    h.changedAt = at;
    h.gate = gate;
    h.trafficWeight = to == Stage.canary ? v.trafficWeight : null;
    repo.persist(h);
    events.stageChanged(v, from.name(), to.name(), caller.actor());
    metrics.stageChange(to.name());
  }

  private void requireStored(String key) {
    try {
      if (store.stat(key).isEmpty()) {
        throw ProblemException.unavailable("The artifact object vanished during registration; nothing was stored, retry.");
      }
    } catch (ProblemException e) {
      throw e;
    } catch (Exception e) {
      throw ProblemException.unavailable("s3", "the artifact could not be checked; nothing was stored.");
    }
  }

  /** PostgreSQL keeps microseconds: what we return equals what we read back later. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
