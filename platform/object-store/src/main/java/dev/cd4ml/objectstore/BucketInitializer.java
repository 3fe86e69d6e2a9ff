package dev.cd4ml.objectstore;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Creates the bucket at start; if S3 is not up yet, readiness stays down until it is. */
@ApplicationScoped
public class BucketInitializer {
  private static final Logger LOG = Logger.getLogger(BucketInitializer.class);

  void onStart(@Observes StartupEvent event, ObjectStore store) {
    try {
      store.ensureBucket();
    } catch (Exception e) {
      LOG.warnf("bucket %s not ready at start: %s", store.bucket(), e.getMessage());
    }
  }
}
