-- Every harvest decision (issue 16): created, unchanged, skipped (and why), failed (and why), running.
create table monitoring_harvest (
  id                     uuid primary key,
  model                  text not null,
  environment            text not null,
  window_from            timestamptz not null,
  window_to              timestamptz not null,
  policy                 text not null,
  trigger                text not null,
  min_labelled           bigint not null,
  model_version          integer,
  dataset                text,
  parent_version         text,
  predictions            bigint,
  labelled               bigint,
  csv_rows               bigint,
  outcome                text not null,
  reason                 text,
  dataset_version        text,
  dataset_version_number integer,
  started_at             timestamptz not null,
  finished_at            timestamptz
);
create index monitoring_harvest_by_model on monitoring_harvest (model, started_at desc);
-- At most one harvest in flight per model, whatever the number of instances.
create unique index monitoring_harvest_in_flight on monitoring_harvest (model) where outcome = 'running';

-- A model's retraining policy set through the API; it overrides the configuration.
create table monitoring_retraining_policy (
  model      text primary key,
  policy     jsonb not null,
  updated_at timestamptz not null
);

-- Drift and quality alerts received (deduplicated by event id), waiting for enough labels.
create table monitoring_alert_trigger (
  event_id    text primary key,
  model       text not null,
  environment text not null,
  kind        text not null,
  window_from timestamptz not null,
  window_to   timestamptz not null,
  received_at timestamptz not null,
  state       text not null
);
create index monitoring_alert_trigger_waiting on monitoring_alert_trigger (model) where state = 'waiting';
