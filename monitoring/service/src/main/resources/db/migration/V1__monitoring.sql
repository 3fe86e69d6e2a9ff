-- Every stored evaluation: one row per (model, environment, version, window), the report as JSON.
create table monitoring_report (
  id            uuid primary key,
  model         text not null,
  environment   text not null,
  version       integer not null,
  window_from   timestamptz not null,
  window_to     timestamptz not null,
  generated_at  timestamptz not null,
  status        text not null,
  kind_status   text not null,
  report        jsonb not null
);
create index monitoring_report_history on monitoring_report (model, environment, version, generated_at desc);
