package dev.cd4ml.registry.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.support.problem.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactServiceTest {
  private final RegistryMetrics metrics = new RegistryMetrics(new SimpleMeterRegistry());
  private final ArtifactService service = new ArtifactService(null, metrics);

  @ParameterizedTest
  @ValueSource(ints = {0, 1, ArtifactService.BUFFER - 1, ArtifactService.BUFFER, ArtifactService.BUFFER + 1, 3 * ArtifactService.BUFFER, 200_001})
  void intactBytesAreCopiedCompletely(int size) throws Exception {
    byte[] data = bytes(size);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    service.copyVerified(new ByteArrayInputStream(data), out, sha256(data), size, "m v1");
    assertArrayEquals(data, out.toByteArray());
    assertEquals(0.0, metrics.integrityFailures());
  }

  @ParameterizedTest
  @ValueSource(ints = {ArtifactService.BUFFER + 1, 3 * ArtifactService.BUFFER + 7})
  void tamperedBytesAbortTheStreamBeforeTheLastBlock(int size) {
    byte[] data = bytes(size);
    String registered = sha256(data);
    data[size - 1] ^= 0x5a;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IOException e = assertThrows(IOException.class,
        () -> service.copyVerified(new ByteArrayInputStream(data), out, registered, size, "m v1"));
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    // The client never holds the complete (wrong) file.
    assertTrue(out.size() < size, "wrote " + out.size() + " of " + size);
    assertEquals(1.0, metrics.integrityFailures());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, ArtifactService.BUFFER})
  void aTamperedSingleBlockIsAProblemBeforeAnyByteIsSent(int size) {
    byte[] data = bytes(size);
    String registered = sha256(data);
    data[0] ^= 0x5a;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProblemException e = assertThrows(ProblemException.class,
        () -> service.copyVerified(new ByteArrayInputStream(data), out, registered, size, "m v1"));
    assertEquals(502, e.status());
    assertEquals(0, out.size());
    assertEquals(1.0, metrics.integrityFailures());
  }

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
