package dev.cd4ml.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Read view of an outbox row (writes go through native SQL in {@link Outbox} and {@link OutboxRelay}). */
@Entity
@Table(name = "cd4ml_outbox")
public class OutboxRecord {
  @Id
  public Long seq;
  public UUID id;
  public String topic;
  @Column(name = "event_key")
  public String eventKey;
  @Column(name = "event_type")
  public String eventType;
  public String envelope;
  @Column(name = "created_at")
  public OffsetDateTime createdAt;
  @Column(name = "sent_at")
  public OffsetDateTime sentAt;
  public int attempts;
  @Column(name = "last_error")
  public String lastError;
}
