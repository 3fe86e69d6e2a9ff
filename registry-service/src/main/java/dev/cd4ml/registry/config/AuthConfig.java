package dev.cd4ml.registry.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * Bearer tokens allowed to change stages and record checks (env {@code CD4ML_AUTH_TOKENS}):
 * {@code <token>:<actor>:<role>[+<role>]}, comma separated. Empty means no one can promote; the
 * local platform generates tokens at start, so no secret lives in the repository.
 */
@ConfigMapping(prefix = "cd4ml.auth")
public interface AuthConfig {
  Optional<String> tokens();
}
