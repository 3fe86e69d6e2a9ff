package dev.cd4ml.serving.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.serving.support.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCacheTest {
  @TempDir
  Path dir;

  @Test
  void keepsTheLastGoodArtifactWithItsInfo() throws IOException {
    ArtifactCache cache = new ArtifactCache(dir, "credit", "staging");
    assertTrue(cache.load().isEmpty());
    byte[] bytes = {1, 2, 3, 4};
    Path tmp = cache.newTempFile();
    Files.write(tmp, bytes);
    ModelVersionInfo info = TestModels.info("credit", 3, bytes, "CART");
    cache.store(tmp, info);
    ArtifactCache.Cached cached = cache.load().orElseThrow();
    assertArrayEquals(bytes, Files.readAllBytes(cached.artifact()));
    assertEquals(info, cached.info());
  }

  @Test
  void aCachedArtifactThatDoesNotMatchItsInfoIsRefused() throws IOException {
    ArtifactCache cache = new ArtifactCache(dir, "credit", "staging");
    Path tmp = cache.newTempFile();
    Files.write(tmp, new byte[] {9});
    cache.store(tmp, TestModels.info("credit", 3, new byte[] {8}, "CART"));
    assertThrows(IOException.class, cache::load);
  }
}
