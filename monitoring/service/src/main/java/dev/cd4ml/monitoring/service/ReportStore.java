package dev.cd4ml.monitoring.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cd4ml.monitoring.domain.Kinds;
import dev.cd4ml.monitoring.domain.Report;
import dev.cd4ml.monitoring.domain.Status;
import dev.cd4ml.monitoring.events.MonitorEvents;
import dev.cd4ml.monitoring.repository.ReportEntity;
import dev.cd4ml.monitoring.repository.ReportRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps each evaluation and, in the same transaction, announces every kind of judgement that
 * turned to alert since the version's previous evaluation: an alert that persists is announced
 * once, and a report that is not stored announces nothing.
 */
@ApplicationScoped
public class ReportStore {
  private final ReportRepository reports;
  private final MonitorEvents events;
  private final ObjectMapper json;

  public ReportStore(ReportRepository reports, MonitorEvents events, ObjectMapper json) {
    this.reports = reports;
    this.events = events;
    this.json = json;
  }

  /** @return the stored report's id and the kinds that turned to alert */
  @Transactional
  public Stored store(Report r) {
    Map<Kinds, Status> now = Kinds.statuses(r);
    Map<Kinds, Status> before = reports.latest(r.model(), r.environment(), r.version())
        .map(e -> Kinds.decode(e.kindStatus)).orElse(Map.of());
    ReportEntity e = new ReportEntity();
    e.id = UUID.randomUUID();
    e.model = r.model();
    e.environment = r.environment();
    e.version = r.version();
    e.windowFrom = r.from();
    e.windowTo = r.to();
    e.generatedAt = r.generatedAt();
    e.status = r.status().json();
    e.kindStatus = Kinds.encode(now);
    try {
      e.report = json.writeValueAsString(r);
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
    reports.add(e);
    List<Kinds> turned = Kinds.turnedToAlert(before, now);
    turned.forEach(kind -> events.alert(kind, r, e.id.toString()));
    return new Stored(e.id, r, turned);
  }

  public record Stored(UUID id, Report report, List<Kinds> alerted) {}
}
