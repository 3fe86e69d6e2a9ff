package dev.cd4ml.support.client;

import dev.cd4ml.contracts.problem.Problem;
import dev.cd4ml.contracts.problem.ProblemType;
import java.util.Optional;

/**
 * Another service did not give what was asked. The subclasses are the outcomes a caller acts on:
 * {@link RemoteRejected} (the request is wrong; retrying cannot help), {@link RemoteNotFound} (what
 * was asked for does not exist) and {@link RemoteUnavailable} (try again later). Built by
 * {@link RemoteProblems}.
 */
public abstract class RemoteFailure extends RuntimeException {
  private final String service;
  private final int status;
  private final transient Problem problem;

  protected RemoteFailure(String service, int status, Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.service = service;
    this.status = status;
    this.problem = problem;
  }

  /** Which service answered (or could not be reached). */
  public String service() { return service; }

  /** The HTTP status received; 0 when no answer came (connection refused, timeout). */
  public int status() { return status; }

  /** The problem+json body received, when the answer had one. */
  public Optional<Problem> problem() { return Optional.ofNullable(problem); }

  /** The catalogue entry of the received problem, when it is one of ours. */
  public Optional<ProblemType> type() {
    return problem == null ? Optional.empty() : ProblemType.of(problem.type());
  }
}
