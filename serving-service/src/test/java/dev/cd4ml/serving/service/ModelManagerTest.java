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
  void anEmptiedStageStopsServingUnlessTheInstanceKeepsTheLastModel() {
    registry.put(TestModels.info("credit", 1, v1, "CART"), v1);
    registry.stage = 1;
    ModelManager m = manager();
    m.reconcileNow();
    registry.stage = null; // archived without a replacement: the kill switch
    m.reconcileNow();
    assertNull(m.current());
    assertTrue(m.stageStatus().contains("stopped serving v1"), m.stageStatus());

    registry.stage = 1;
    ModelManager keeping = new ModelManager(config(cacheDir, ServingConfig.Environment.test, true), registry,
        new SimpleMeterRegistry());
    keeping.reconcileNow();
    registry.stage = null;
    keeping.reconcileNow();
    assertEquals(1, keeping.current().model().version());
    assertTrue(keeping.stageStatus().contains("still serving v1"), keeping.stageStatus());
  }

  @Test
  void productionServesTheRegistrysCanaryAtItsWeightAndDropsItWhenItLeaves() {
    registry.put(TestModels.info("credit", 1, v1, "CART"), v1);
    registry.stage = 1;
    registry.put(withWeight(TestModels.info("credit", 2, v2, "RF"), 10), v2);
    registry.canary = 2;
    ModelManager production = new ModelManager(config(cacheDir, ServingConfig.Environment.production, false), registry,
        new SimpleMeterRegistry());
    production.reconcileNow();
    assertEquals(1, production.current().model().version());
    assertEquals(2, production.canary().model().version());
    assertEquals(10, production.canaryWeight());

    registry.put(withWeight(TestModels.info("credit", 2, v2, "RF"), 30), v2);
    int downloads = registry.downloads.get();
    production.reconcileNow();
    assertEquals(30, production.canaryWeight(), "a weight change needs no reload");
    assertEquals(downloads, registry.downloads.get());

    registry.canary = null; // aborted (or promoted)
    production.reconcileNow();
    assertNull(production.canary());
    assertEquals(0, production.canaryWeight());

    // A canary that does not load serves nothing.
    byte[] junk = "not a model".getBytes();
    registry.put(withWeight(TestModels.info("credit", 3, junk, "RF"), 50), junk);
    registry.canary = 3;
    production.reconcileNow();
    assertNull(production.canary());
    assertEquals(0, production.canaryWeight());
    assertEquals(1, production.current().model().version());

    // The test environment has no canary.
    registry.canary = 2;
    ModelManager test = manager();
    test.reconcileNow();
    assertNull(test.canary());
  }

  private static ModelVersionInfo withWeight(ModelVersionInfo i, int weight) {
    return new ModelVersionInfo(i.model(), i.version(), Stage.canary, i.artifactUri(), i.artifactSha256(),
        i.artifactSize(), i.lineage(), i.checks(), i.registeredAt(), weight);
  }

  private ModelManager manager() {
    return new ModelManager(config(cacheDir), registry, new SimpleMeterRegistry());
  }

  static final class FakeRegistry extends RegistryClient {
    final Map<Integer, ModelVersionInfo> infos = new HashMap<>();
    final Map<Integer, byte[]> artifacts = new HashMap<>();
    final AtomicInteger downloads = new AtomicInteger();
    Integer stage;
    Integer canary;
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
      Integer v = s == Stage.canary ? canary : stage;
      return v == null ? Optional.empty() : Optional.of(infos.get(v));
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
    return config(cacheDir, ServingConfig.Environment.test, false);
  }

  static ServingConfig config(Path cacheDir, ServingConfig.Environment environment, boolean keepLastModel) {
    return new ServingConfig() {
      public String model() { return "credit"; }
      public Environment environment() { return environment; }
      public boolean keepLastModel() { return keepLastModel; }
      public boolean canaryEnabled() { return true; }
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
      public Optional<String> predictionsRole() { return Optional.empty(); }
      public double explainSampleRate() { return 0; }
      public int explainQueueSize() { return 8; }
    };
  }
}
