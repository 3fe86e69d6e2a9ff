package dev.cd4ml.contracts.auth;

import java.util.List;

/**
 * The platform's roles, one per kind of action; realm roles of the {@code cd4ml} realm
 * ({@code deploy/keycloak/cd4ml-realm.json}) that the services check on their write operations.
 * Reads and predictions need none unless a service is configured to require one.
 */
public final class Roles {
  private Roles() {}

  /** Uploads datasets, generates versions (data-service). */
  public static final String DATA_WRITER = "data-writer";
  /** Starts and cancels training runs, registers model versions (training-service, registry-service). */
  public static final String TRAINER = "trainer";
  /** Moves versions into staging and records checks (registry-service): what the GoCD pipeline may do. */
  public static final String PIPELINE = "pipeline";
  /** Decides production: promotion, canary, rollback, approval (registry-service). */
  public static final String RELEASE_MANAGER = "release-manager";
  /** Records harvests and drift policy (monitoring-service). */
  public static final String MONITORING = "monitoring";
  /** Sends ground-truth feedback (serving-service). */
  public static final String FEEDBACK_WRITER = "feedback-writer";

  public static final List<String> ALL = List.of(DATA_WRITER, TRAINER, PIPELINE, RELEASE_MANAGER, MONITORING, FEEDBACK_WRITER);

  /** The realm's clients, one per service (each calls the others as itself) and one for the pipeline CLI. */
  public static final class Clients {
    private Clients() {}

    public static final String DATA_SERVICE = "data-service";
    /** The only identity whose registrations the registry trusts with metrics. */
    public static final String TRAINING_SERVICE = "training-service";
    public static final String REGISTRY_SERVICE = "registry-service";
    public static final String SERVING_SERVICE = "serving-service";
    public static final String MONITORING_SERVICE = "monitoring-service";
    public static final String PIPELINE = "cd4ml-pipeline";
    /** Public client for people (demo users sign in with the password grant). */
    public static final String CONSOLE = "cd4ml-console";
  }

  /** The audience every token of the realm carries and every service requires. */
  public static final String AUDIENCE = "cd4ml";

  /**
   * The OpenAPI extension on a POST/PUT/PATCH/DELETE that changes no state (a prediction, a report that
   * only computes), its value the reason: the OpenAPI lint (test-fixtures {@code OpenApiDocument.unsecuredWrites})
   * accepts such a write without a security requirement only when it is marked so. Set with
   * {@code @Extension(name = Roles.CHANGES_NO_STATE, value = "<why>")} on the operation.
   */
  public static final String CHANGES_NO_STATE = "x-cd4ml-changes-no-state";

  /** The OpenAPI security scheme every secured operation names. */
  public static final String SECURITY_SCHEME = "oidc";
}
