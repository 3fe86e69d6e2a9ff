package dev.cd4ml.registry.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cd4ml.registry.TinyModels;
import dev.cd4ml.support.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactInspectorTest {
  @TempDir
  Path dir;

  @Test
  void loadsARealTribuoClassifier() throws Exception {
    Path file = Files.write(dir.resolve("m.tribuo"), TinyModels.artifact(1));
    assertNotNull(ArtifactInspector.load(file));
  }

  @Test
  void rejectsWhatTribuoCannotLoad() throws Exception {
    for (byte[] junk : new byte[][] {new byte[0], "not a model".getBytes(StandardCharsets.UTF_8), new byte[] {8, 1, 18, 3, 'a', 'b', 'c'}}) {
      Path file = Files.write(dir.resolve("junk.tribuo"), junk);
      ProblemException e = assertThrows(ProblemException.class, () -> ArtifactInspector.load(file));
      assertEquals(400, e.status());
      assertEquals("artifact", e.errors().get(0).field());
    }
  }

  @Test
  void rejectsATruncatedModel() throws Exception {
    byte[] model = TinyModels.artifact(2);
    byte[] truncated = java.util.Arrays.copyOf(model, model.length / 2);
    Path file = Files.write(dir.resolve("t.tribuo"), truncated);
    assertEquals(400, assertThrows(ProblemException.class, () -> ArtifactInspector.load(file)).status());
  }

  @Test
  void hashesTheBytes() throws Exception {
    Path file = Files.write(dir.resolve("abc"), "abc".getBytes(StandardCharsets.US_ASCII));
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ArtifactInspector.sha256(file));
  }
}
