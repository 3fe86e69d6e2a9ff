package dev.cd4ml.serving.support;

import dev.cd4ml.contracts.events.EventJson;
import dev.cd4ml.contracts.model.ModelVersionInfo;
import dev.cd4ml.serving.domain.ArtifactCache;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Points serving at the real registry (seeded with v1 in staging, v2 as the shadow) and a cache
 * directory shared by every serving application of the test JVM. Reconcile runs hourly, so a swap
 * seen in a test came from the Kafka event.
 *
 * <p>Init arg {@code registry=down}: the registry is stopped before the application starts, so it
 * can only serve what an earlier application of this JVM left in the cache. Init arg {@code proxied=true}: the
 * application reaches the registry through the JVM's registry {@link dev.cd4ml.parts.FaultProxy}
 * ({@link RegistryFixture#registryProxy}), so a fault test can hang or cut it.
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {
  private static final Logger LOG = Logger.getLogger(RegistryTestResource.class);
  private boolean down;
  private boolean proxied;

  @Override
  public void init(Map<String, String> initArgs) {
    down = "down".equals(initArgs.get("registry"));
    proxied = "true".equals(initArgs.get("proxied"));
  }

  @Override
  public Map<String, String> start() {
    try {
      String url = RegistryFixture.ensureStarted();
      if (down) {
        ensureCached(url);
        RegistryFixture.stop();
      }
      return Map.of(
          "quarkus.rest-client.registry.url", proxied ? RegistryFixture.proxiedUrl() : url,
          "cd4ml.serving.model", RegistryFixture.MODEL,
          "cd4ml.serving.cache-dir", RegistryFixture.cacheDir(),
          "cd4ml.serving.shadow.enabled", "true",
          "cd4ml.serving.shadow.version", "2",
          "cd4ml.serving.reconcile-interval", "1h");
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the registry for serving tests: " + e.getMessage(), e);
    }
  }

  /**
   * Normally the serving application that ran before (same JVM, same cache dir) cached its model.
   * Run alone, this class finds the cache empty: then it is filled from the registry the same way
   * the service does, so the restart still has something to serve.
   */
  private static void ensureCached(String url) throws Exception {
    ArtifactCache cache = new ArtifactCache(Path.of(RegistryFixture.cacheDir()), RegistryFixture.MODEL, "staging");
    if (cache.load().isPresent()) {
      return;
    }
    LOG.warn("no cached model from an earlier serving application: filling the cache from the registry");
    HttpClient http = HttpClient.newHttpClient();
    ModelVersionInfo info = EventJson.read(http.send(HttpRequest.newBuilder(
        URI.create(url + "/models/" + RegistryFixture.MODEL + "/stages/staging")).build(),
        HttpResponse.BodyHandlers.ofString()).body(), ModelVersionInfo.class);
    Path tmp = cache.newTempFile();
    try (InputStream in = http.send(HttpRequest.newBuilder(URI.create(url + "/models/" + RegistryFixture.MODEL
        + "/versions/" + info.version() + "/artifact")).build(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
      Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    cache.store(tmp, info);
    Files.deleteIfExists(tmp);
  }

  @Override
  public void stop() {
    // shared by the JVM; stopped by its shutdown hook
  }
}
