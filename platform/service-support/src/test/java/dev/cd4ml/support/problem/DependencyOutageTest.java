package dev.cd4ml.support.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DependencyOutageTest {

  private static <T extends Throwable> T thrownIn(T e, String className) {
    e.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, "get", "X.java", 1)});
    return e;
  }

  @Test
  void aPostgresqlThatIsAwayOrHungIsAnOutageWhereverItIsWrapped() {
    SQLException socketTimeout = new SQLException("An I/O error occurred while sending to the backend.", "08006",
        new SocketTimeoutException("Read timed out"));
    assertEquals(Optional.of("postgresql"), DependencyOutage.of(
        new RuntimeException("could not execute statement", new IllegalStateException(socketTimeout))));
    assertEquals(Optional.of("postgresql"), DependencyOutage.of(new SQLException("Connection refused", "08001")));
    assertEquals(Optional.of("postgresql"), DependencyOutage.of(
        new SQLException("canceling statement due to statement timeout", "57014")));
    assertEquals(Optional.of("postgresql"), DependencyOutage.of(
        new RuntimeException(thrownIn(new SQLException("Sorry, acquisition timeout!"), "io.agroal.pool.ConnectionPool"))));
    // The pool gave up on a new connection and interrupted the driver's attempt (seen in a CI run).
    assertEquals(Optional.of("postgresql"), DependencyOutage.of(new RuntimeException(thrownIn(new SQLException(
        "Something unusual has occurred to cause the driver to fail. Please report this exception.", "99999",
        new RuntimeException("Interrupted while attempting to connect.")), "io.agroal.pool.ConnectionFactory"))));
    // A commit that failed: the transaction manager's exception carries the driver's as suppressed.
    RuntimeException commit = new RuntimeException("ARJUNA016053: Could not commit transaction.");
    commit.addSuppressed(new IllegalStateException(new SQLException("An I/O error occurred", "08006",
        new SocketTimeoutException("Read timed out"))));
    assertEquals(Optional.of("postgresql"), DependencyOutage.of(new RuntimeException("invoking", commit)));
  }

  @Test
  void anObjectStoreThatIsAwayOrHungIsAnOutage() {
    assertEquals(Optional.of("s3"), DependencyOutage.of(
        new RuntimeException(thrownIn(new SocketTimeoutException("timeout"), "okhttp3.internal.http2.Http2Stream"))));
    assertEquals(Optional.of("s3"), DependencyOutage.of(
        thrownIn(new RuntimeException(new ConnectException("Connection refused")), "io.minio.S3Base")));
  }

  @Test
  void whatTheRequestOrOurCodeDidWrongIsNoOutage() {
    assertEquals(Optional.empty(), DependencyOutage.of(new SQLException("duplicate key", "23505")));
    assertEquals(Optional.empty(), DependencyOutage.of(new SQLException("invalid byte sequence", "22021")));
    assertEquals(Optional.empty(), DependencyOutage.of(new SQLException("no state, not from the pool")));
    assertEquals(Optional.empty(), DependencyOutage.of(new SQLException("a bug of ours in a query", "99999")));
    assertEquals(Optional.empty(), DependencyOutage.of(new NullPointerException()));
    assertEquals(Optional.empty(), DependencyOutage.of(new SocketTimeoutException("a socket of our own")));
  }
}
