package dev.cd4ml.serving.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.contracts.model.Stage;
import dev.cd4ml.serving.client.RegistryClient;
import dev.cd4ml.serving.config.ServingConfig;
import dev.cd4ml.serving.support.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swap logic against a scripted registry: what loads, what is kept, what is reported. */
class ModelManagerTest {
  @TempDir
  Path cacheDir;

  private final FakeRegistry registry = new FakeRegistry();
  private final byte[] v1 = TestModels.bytes(TestModels.cart(4, 1));
  private final byte[] v2 = TestModels.bytes(TestModels.forest(5, 2));

  @Test
  void loadsTheStageVersionAndSwapsOnlyWhenItChanges() {
    registry.put(TestModels.info("credit", 1, v1, "CART"), v1);
    registry.stage = 1;
    ModelManager m = manager();
    m.reconcileNow();
    ServedModel first = m.current();
    assertEquals(1, first.model().version());
    assertEquals("tree", first.model().kind().name());

    m.reconcileNow();
    assertSame(first, m.current(), "same version: nothing reloaded");
    assertEquals(1, registry.downloads.get());

    registry.put(TestModels.info("credit", 2, v2, "RF"), v2);
    registry.stage = 2;
    m.reconcileNow();
    assertEquals(2, m.current().model().version());
    assertEquals("ensemble", m.current().model().kind().name());
    assertNull(m.lastLoadError());
  }

  @Test
  void aBadChecksumOrCorruptArtifactKeepsTheCurrentModelAndIsReported() {
    registry.put(TestModels.info("credit", 1, v1, "CART"), v1);
    registry.stage = 1;
    ModelManager m = manager();
    m.reconcileNow();

    // the registry promises one digest, the bytes have another
    registry.put(TestModels.info("credit", 2, v2, "RF"), new byte[] {1, 2, 3});
    registry.stage = 2;
    m.reconcileNow();
    assertEquals(1, m.current().model().version());
    assertEquals(2, m.lastLoadError().version());
    assertTrue(m.lastLoadError().message().contains("checksum"), m.lastLoadError().message());
    int downloads = registry.downloads.get();
    m.reconcileNow();
    assertEquals(downloads, registry.downloads.get(), "a version proven bad is not downloaded again");

    // right digest, but not a model
    byte[] junk = "not a model".getBytes();
    registry.put(TestModels.info("credit", 3, junk, "RF"), junk);
    registry.stage = 3;
    m.reconcileNow();
    assertEquals(1, m.current().model().version());
    assertEquals(3, m.lastLoadError().version());
  }

  @Test
  void withTheRegistryDownARestartServesTheCachedModel() {
    registry.put(TestModels.info("credit", 1, v1, "CART"), v1);
    registry.stage = 1;
    manager().reconcileNow();

    registry.down = true;
    ModelManager restarted = manager();
    restarted.onStart(null);
    assertNotNull(restarted.current(), "served from the cache");
    assertEquals(1, restarted.current().model().version());
    assertTrue(restarted.stageStatus().startsWith("registry unreachable"), restarted.stageStatus());
  }

  @Test
  void anEmptyStageKeepsServing() {
    registry.put(TestModels.info("credit", 1, v1, "CART"), v1);
    registry.stage = 1;
    ModelManager m = manager();
    m.reconcileNow();
    registry.stage = null;
    m.reconcileNow();
    assertEquals(1, m.current().model().version());
    assertTrue(m.stageStatus().contains("holds no version"));
  }

  private ModelManager manager() {
    return new ModelManager(config(cacheDir), registry, new SimpleMeterRegistry());
  }

  static final class FakeRegistry extends RegistryClient {
    final Map<Integer, ModelVersionInfo> infos = new HashMap<>();
    final Map<Integer, byte[]> artifacts = new HashMap<>();
    final AtomicInteger downloads = new AtomicInteger();
    Integer stage;
    boolean down;

    FakeRegistry() {
      super(null);
    }

    void put(ModelVersionInfo info, byte[] artifact) {
      infos.put(info.version(), info);
      artifacts.put(info.version(), artifact);
    }

    @Override
    public Optional<ModelVersionInfo> stageVersion(String model, Stage s) {
      check();
      return stage == null ? Optional.empty() : Optional.of(infos.get(stage));
    }

    @Override
    public Optional<ModelVersionInfo> version(String model, int version) {
      check();
      return Optional.ofNullable(infos.get(version));
    }

    @Override
    public String downloadArtifact(String model, int version, Path target) {
      check();
      downloads.incrementAndGet();
      try {
        Files.write(target, artifacts.get(version));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return TestModels.sha256(artifacts.get(version));
    }

    private void check() {
      if (down) {
        throw new IllegalStateException("connection refused");
      }
    }
  }

  static ServingConfig config(Path cacheDir) {
    return new ServingConfig() {
      public String model() { return "credit"; }
      public Environment environment() { return Environment.test; }
      public Path cacheDir() { return cacheDir; }
      public Shadow shadow() {
        return new Shadow() {
          public boolean enabled() { return false; }
          public Optional<Stage> stage() { return Optional.empty(); }
          public OptionalInt version() { return OptionalInt.empty(); }
          public int queueSize() { return 16; }
        };
      }
      public UnseenCategoryPolicy unseenCategory() { return UnseenCategoryPolicy.reject; }
      public Duration reconcileInterval() { return Duration.ofHours(1); }
      public MemorySize maxBodySize() { return new MemorySize(BigInteger.valueOf(65536)); }
      public MemorySize maxBatchBodySize() { return new MemorySize(BigInteger.valueOf(1 << 26)); }
      public int limeSamples() { return 100; }
      public boolean benchEndpoint() { return false; }
      public double explainSampleRate() { return 0; }
      public int explainQueueSize() { return 8; }
    };
  }
}
