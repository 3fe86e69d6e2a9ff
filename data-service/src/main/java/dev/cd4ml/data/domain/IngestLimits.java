package dev.cd4ml.data.domain;

/**
 * Bounds that keep one upload's memory constant whatever the file size.
 *
 * @param maxTrackedCategories distinct values counted exactly per column; later new values count as "other"
 * @param topCategories        categories listed per column in the profile
 * @param histogramBins        bins of each numeric histogram
 * @param maxRecordBytes       longest accepted record
 * @param maxColumns           most columns accepted
 */
public record IngestLimits(int maxTrackedCategories, int topCategories, int histogramBins, int maxRecordBytes, int maxColumns) {
  public static final IngestLimits DEFAULT = new IngestLimits(1000, 50, 20, 1 << 20, 10_000);
}
