package dev.cd4ml.support.problem;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a dependency's outage from a bug: which dependency (if any) an exception says is away, so
 * the answer is a 503 naming it, with {@code Retry-After}, instead of a 500.
 */
public final class DependencyOutage {
  public static final String POSTGRESQL = "postgresql";
  public static final String S3 = "s3";

  /**
   * SQLSTATEs of a database that cannot serve now: class 08 (connection exception, also pgjdbc's
   * socket timeout: 08006), 57014 (statement_timeout hit), 57P01-57P03 (shutting down, cannot
   * connect now), 53300 (too many connections).
   */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57014", "57P01", "57P02", "57P03", "53300");

  private DependencyOutage() {}

  /**
   * The dependency whose outage caused {@code e}, or empty when it is not an outage. Looks through
   * causes and suppressed exceptions (a failed commit carries the driver's error as suppressed).
   */
  public static Optional<String> of(Throwable e) {
    return of(e, 0);
  }

  private static Optional<String> of(Throwable e, int depth) {
    if (e == null || depth > 3) {
      return Optional.empty();
    }
    Optional<String> direct = ofCauses(e);
    if (direct.isPresent()) {
      return direct;
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Throwable s : t.getSuppressed()) {
        Optional<String> found = of(s, depth + 1);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> ofCauses(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
          return Optional.of(POSTGRESQL);
        }
        if (state == null && thrownFrom(sql, "io.agroal.")) {
          // The pool: acquisition timeout, no new connection could be made.
          return Optional.of(POSTGRESQL);
        }
        if (thrownFrom(sql, "io.agroal.pool.ConnectionFactory")) {
          // Opening a new connection failed, whatever the driver's state says: when the pool gives up
          // waiting it interrupts the attempt, and pgjdbc reports that as 99999 "Something unusual".
          return Optional.of(POSTGRESQL);
        }
      }
      if ((t instanceof SocketTimeoutException || t instanceof ConnectException)
          && (thrownFrom(e, "io.minio.") || thrownFrom(t, "okhttp3."))) {
        return Optional.of(S3);
      }
    }
    return Optional.empty();
  }

  private static boolean thrownFrom(Throwable e, String packagePrefix) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith(packagePrefix)) {
        return true;
      }
    }
    return false;
  }
}
