package dev.cd4ml.data.domain;

import dev.cd4ml.contracts.problem.ProblemError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Errors found while reading an upload, in two classes: malformed CSV (400) and content that
 * does not fit the dataset (422). Only the first few of each are kept; all are counted.
 */
public final class IngestErrors {
  /** Kept per class: enough to list the first 20 in file order after sorting. */
  private static final int KEEP = 64;

  private final List<ProblemError> malformed = new ArrayList<>();
  private final List<ProblemError> content = new ArrayList<>();
  private long malformedCount;
  private long contentCount;

  public void malformed(long line, Integer column, String field, String message) {
    malformedCount++;
    if (malformed.size() < KEEP) {
      malformed.add(new ProblemError(field, line, column, message));
    }
  }

  public void content(long line, Integer column, String field, String message) {
    contentCount++;
    if (content.size() < KEEP) {
      content.add(new ProblemError(field, line, column, message));
    }
  }

  /** A content error not tied to a line (e.g. a schema difference). */
  public void content(String field, String message) {
    contentCount++;
    if (content.size() < KEEP) {
      content.add(ProblemError.field(field, message));
    }
  }

  public boolean any() {
    return malformedCount > 0 || contentCount > 0;
  }

  public boolean anyMalformed() {
    return malformedCount > 0;
  }

  /** 400 when the CSV itself is malformed (then content errors are not listed), else 422. */
  public int status() {
    return malformedCount > 0 ? 400 : 422;
  }

  public long count() {
    return malformedCount > 0 ? malformedCount : contentCount;
  }

  /** The errors to show, sorted by line then column (errors without a line first). */
  public List<ProblemError> listed(int max) {
    List<ProblemError> list = new ArrayList<>(malformedCount > 0 ? malformed : content);
    list.sort(Comparator.comparing((ProblemError e) -> e.row() == null ? 0L : e.row())
        .thenComparing(e -> e.column() == null ? 0 : e.column()));
    return list.subList(0, Math.min(max, list.size()));
  }
}
