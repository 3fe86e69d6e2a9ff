package dev.cd4ml.registry.domain;

import dev.cd4ml.contracts.naming.ResourceNames;
import dev.cd4ml.contracts.naming.VersionRef;
import java.util.Optional;

/** Model names end up in S3 keys and URLs: the platform's one name rule ({@link ResourceNames}) keeps them safe. */
public final class ModelNames {
  private ModelNames() {}

  /** @return why the name is not acceptable, or empty when it is */
  public static Optional<String> problem(String name) {
    return ResourceNames.problem("model", name);
  }

  /** Content-addressed key: the same bytes always land on the same object. */
  public static String artifactKey(String model, String sha256) {
    return "models/" + model + "/" + sha256 + ".tribuo";
  }

  /** Accepts {@code 3} or {@code v3} (the platform's version number form, {@link VersionRef#parseNumber}). */
  public static int parseVersion(String ref) {
    return VersionRef.parseNumber(ref);
  }
}
