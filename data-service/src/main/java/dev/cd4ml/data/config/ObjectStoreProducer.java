package dev.cd4ml.data.config;

import dev.cd4ml.support.s3.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

public class ObjectStoreProducer {
  @Produces
  @ApplicationScoped
  ObjectStore objectStore(StorageConfig config) {
    return new ObjectStore(config.endpoint(), config.accessKey(), config.secretKey(), config.bucket());
  }
}
