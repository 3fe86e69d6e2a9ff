package dev.cd4ml.data.events;

import dev.cd4ml.contracts.events.DatasetVersionCreated;
import dev.cd4ml.contracts.events.EventType;
import dev.cd4ml.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Announces new versions through the outbox, so an event exists iff its version committed. */
@ApplicationScoped
public class DatasetEvents {
  public static final String SOURCE = "data-service";
  private final Outbox outbox;

  public DatasetEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  /** Keyed by dataset name: the versions of one dataset reach consumers in order. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void versionCreated(String dataset, String versionId, int number, long rows, int schemaRevision,
      List<String> parents, String source) {
    outbox.publish(EventType.DATASET_VERSION_CREATED, SOURCE, dataset,
        new DatasetVersionCreated(dataset, versionId, number, rows, schemaRevision, List.copyOf(parents), source));
  }
}
