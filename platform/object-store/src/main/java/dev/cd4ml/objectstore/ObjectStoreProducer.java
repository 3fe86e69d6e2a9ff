package dev.cd4ml.objectstore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

public class ObjectStoreProducer {
  @Produces
  @ApplicationScoped
  ObjectStore objectStore(StorageConfig config) {
    return new ObjectStore(config.endpoint(), config.accessKey(), config.secretKey(), config.bucket(),
        new ObjectStore.Timeouts(config.connectTimeout(), config.readTimeout(), config.writeTimeout(),
            config.healthTimeout()));
  }
}
