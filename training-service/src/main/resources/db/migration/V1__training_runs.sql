-- One row per training run: the experiment-tracking record (inputs, outcome, lineage).
create table training_run (
    id                    uuid        primary key,
    dataset               text        not null,
    data_version_ref      text        not null,            -- as requested: sha256 | number | latest
    data_version          text,                            -- resolved sha256 (content id) once loading started
    data_version_number   integer,
    algorithm             text        not null,
    params                text        not null,            -- JSON object, defaults filled in
    seed                  bigint      not null,
    split                 text        not null,            -- JSON {testFraction, stratified}
    positive_label        text,
    protected_columns     text,                            -- JSON list, from the version's schema
    code_revision         text        not null,
    register              boolean     not null,
    model_name            text        not null,
    tags                  text        not null default '{}',  -- JSON
    status                text        not null,            -- queued|loading|training|evaluating|registering|succeeded|failed|cancelled
    percent               integer     not null default 0,
    rows_loaded           bigint      not null default 0,
    timings               text        not null default '{}',  -- JSON phase -> milliseconds
    metrics               text,                            -- JSON flat name -> number
    evaluation            text,                            -- JSON per-class, confusion matrix, fairness groups
    signature             text,                            -- JSON ModelSignature
    provenance            text,                            -- JSON Tribuo provenance
    failed_phase          text,
    failure_reason        text,
    registration          text        not null default 'none', -- none|pending|registered|rejected
    registration_attempts integer     not null default 0,
    registration_error    text,
    model_version         integer,
    created_at            timestamptz not null,
    started_at            timestamptz,
    finished_at           timestamptz,
    updated_at            timestamptz not null
);
create index training_run_dataset on training_run (dataset, created_at desc);
create index training_run_status on training_run (status);
create index training_run_registration_pending on training_run (created_at) where registration = 'pending';

-- The serialized model of a run until the registry has it: a registry outage never loses a model.
create table training_run_artifact (
    run_id      uuid        primary key references training_run (id) on delete cascade,
    bytes       bytea       not null,
    sha256      text        not null,
    created_at  timestamptz not null default now()
);
