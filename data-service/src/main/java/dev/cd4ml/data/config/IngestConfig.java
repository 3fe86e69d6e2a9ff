package dev.cd4ml.data.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Limits and working space of uploads ({@code cd4ml.data.*}, env {@code CD4ML_DATA_*}). */
@ConfigMapping(prefix = "cd4ml.data")
public interface IngestConfig {
  /** Largest accepted upload after gzip decoding; larger ones get 413. */
  @WithDefault("1G")
  MemorySize maxUploadSize();

  /** Where uploads are spooled while they are checked; default: java.io.tmpdir. Needs room for the largest upload. */
  Optional<String> tempDir();

  /** Distinct values counted exactly per column; beyond, new values count as "other". */
  @WithDefault("1000")
  int maxTrackedCategories();

  /** Categories listed per column in a profile. */
  @WithDefault("50")
  int topCategories();

  /** Bins of each numeric histogram. */
  @WithDefault("20")
  int histogramBins();

  /** Longest accepted CSV record. */
  @WithDefault("1M")
  MemorySize maxRecordSize();

  /** Most rows the demo generator produces in one call. */
  @WithDefault("20000000")
  long maxGeneratedRows();
}
