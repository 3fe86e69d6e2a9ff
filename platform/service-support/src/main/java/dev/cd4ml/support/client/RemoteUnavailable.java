package dev.cd4ml.support.client;

import dev.cd4ml.contracts.problem.Problem;

/**
 * The other service could not be reached, timed out, or answered that it cannot serve now (5xx,
 * {@code unavailable}, a full queue): worth retrying later.
 */
public class RemoteUnavailable extends RemoteFailure {
  public RemoteUnavailable(String service, int status, Problem problem, String message, Throwable cause) {
    super(service, status, problem, message, cause);
  }
}
