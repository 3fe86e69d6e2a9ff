package dev.cd4ml.training.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cd4ml.fixtures.data.DemoData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetLoaderTest {
  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void loadsEveryRowAndVerifiesTheContentHash() throws Exception {
    byte[] csv = DemoData.csv(5_000, 1);
    List<Long> progress = new ArrayList<>();
    LoadedData data = DatasetLoader.load(new ByteArrayInputStream(csv), DemoData.SCHEMA, sha256(csv), progress::add, () -> false);

    assertThat(data.size()).isEqualTo(5_000);
    assertThat(data.sha256()).isEqualTo(sha256(csv));
    assertThat(data.protectedValues().get(0)).hasSize(2); // sex, age_band
    assertThat(progress).contains(2_000L, 4_000L).last().isEqualTo(5_000L);
  }

  @Test
  void otherBytesThanTheVersionFailWithBothHashes() throws Exception {
    byte[] csv = DemoData.csv(100, 1);
    String expected = sha256(csv);
    byte[] tampered = new String(csv, StandardCharsets.UTF_8).replaceFirst(",yes\n", ",no\n").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> DatasetLoader.load(new ByteArrayInputStream(tampered), DemoData.SCHEMA, expected, n -> { }, () -> false))
        .isInstanceOf(RunFailure.class)
        .hasMessage("content hash mismatch: expected " + expected + " got " + sha256(tampered));
  }

  @Test
  void unparseableTamperedBytesStillReportTheHashMismatch() throws Exception {
    byte[] csv = DemoData.csv(100, 1);
    String expected = sha256(csv);
    byte[] garbage = "not,a,dataset\n1,2,3\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> DatasetLoader.load(new ByteArrayInputStream(garbage), DemoData.SCHEMA, expected, n -> { }, () -> false))
        .isInstanceOf(RunFailure.class).hasMessageStartingWith("content hash mismatch: expected " + expected);
  }

  @Test
  void cancellationStopsLoading() {
    byte[] csv = DemoData.csv(10_000, 1);
    assertThatThrownBy(() -> DatasetLoader.load(new ByteArrayInputStream(csv), DemoData.SCHEMA, null, n -> { }, () -> true))
        .isInstanceOf(RunCancelled.class);
  }

  @Test
  void anEmptyBodyFails() {
    assertThatThrownBy(() -> DatasetLoader.load(new ByteArrayInputStream(new byte[0]), DemoData.SCHEMA, null, n -> { }, () -> false))
        .isInstanceOf(RunFailure.class).hasMessageContaining("empty");
  }

  @Test
  void aHeaderOnlyVersionHasNoRows() throws IOException {
    byte[] csv = (DemoData.HEADER + "\n").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> DatasetLoader.load(new ByteArrayInputStream(csv), DemoData.SCHEMA, null, n -> { }, () -> false))
        .isInstanceOf(RunFailure.class).hasMessageContaining("no data rows");
  }
}
