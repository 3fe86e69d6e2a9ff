package dev.cd4ml.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cd4ml.cli.Api;
import dev.cd4ml.cli.CliFailure;
import dev.cd4ml.cli.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which code each service of an environment runs: the git commit its {@code /q/info} reports
 * (quarkus-info records it when the service is built), compared with the release's code revision.
 */
public final class ServiceRevisions {
  private ServiceRevisions() {}

  /** The services an environment's acceptance or smoke tests meet, by name, with their URLs. */
  public static Map<String, String> of(Endpoints e, String environment, Map<String, String> env) {
    Map<String, String> services = new LinkedHashMap<>();
    services.put("data-service", e.data());
    services.put("training-service", e.training());
    services.put("registry-service", e.registry());
    services.put("serving-" + environment, e.serving(environment));
    services.put("monitoring-service", env.getOrDefault("CD4ML_MONITORING_URL", "http://127.0.0.1:8086"));
    return services;
  }

  /** The commit {@code /q/info} reports, or why there is none. */
  record Reported(String revision, String problem) {}

  static Reported reported(String base) {
    try {
      Api.Answer a = Api.tryGet(base + "/q/info");
      if (!a.ok()) {
        return new Reported(null, "GET /q/info answered " + a.status());
      }
      JsonNode id = a.body().path("git").path("commit").path("id");
      return id.isTextual() && !id.asText().isBlank() ? new Reported(id.asText(), null)
          : new Reported(null, "/q/info reports no git commit (built outside a git checkout?)");
    } catch (CliFailure unreachable) {
      return new Reported(null, unreachable.getMessage());
    }
  }

  /** The same commit: equal, or the release names an abbreviation (7+ characters) of it. */
  static boolean sameRevision(String release, String reported) {
    return reported != null && (reported.equals(release) || release.length() >= 7 && reported.startsWith(release));
  }

  /**
   * Polls every service until each reports {@code revision}, for at most {@code timeout} (a
   * rollout replaces pods one by one); then fails naming each service that does not and what it runs.
   */
  public static Map<String, String> await(Map<String, String> services, String revision, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> confirmed = new LinkedHashMap<>();
    while (true) {
      List<String> wrong = new ArrayList<>();
      for (var s : services.entrySet()) {
        if (confirmed.containsKey(s.getKey())) {
          continue;
        }
        Reported r = reported(s.getValue());
        if (sameRevision(revision, r.revision())) {
          confirmed.put(s.getKey(), r.revision());
        } else {
          wrong.add(s.getKey() + " (" + s.getValue() + ") runs code "
              + (r.revision() == null ? "unknown: " + r.problem() : r.revision()) + ", the release is code " + revision);
        }
      }
      if (wrong.isEmpty()) {
        return confirmed;
      }
      if (System.nanoTime() > deadline) {
        throw new CliFailure("not the release's code after " + timeout + ": " + String.join("; ", wrong));
      }
      Thread.sleep(500);
    }
  }
}
