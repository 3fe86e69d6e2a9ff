package dev.cd4ml.support.client;

import dev.cd4ml.contracts.problem.Problem;

/**
 * The other service refused the request (a 4xx, or a problem type that no retry changes): retrying
 * cannot help, so {@code @Retry(abortOn = RemoteRejected.class)} and
 * {@code @CircuitBreaker(skipOn = RemoteRejected.class)} — a refusal is not a failure of the neighbour.
 */
public class RemoteRejected extends RemoteFailure {
  public RemoteRejected(String service, int status, Problem problem, String message) {
    super(service, status, problem, message, null);
  }
}
