-- A registered model: its row is also the lock that serializes registrations and stage changes of that model.
create table model (
    name        text        primary key,
    created_at  timestamptz not null default now()
);

-- Immutable versions; only stage changes after registration.
create table model_version (
    id               bigserial   primary key,
    model            text        not null references model (name),
    version          integer     not null,
    stage            text        not null default 'none'
                                 check (stage in ('none', 'staging', 'production', 'archived')),
    artifact_key     text        not null,
    artifact_sha256  text        not null check (artifact_sha256 ~ '^[0-9a-f]{64}$'),
    artifact_size    bigint      not null,
    training_run_id  text        not null,
    dataset          text        not null,
    data_version     text        not null,
    code_revision    text,
    algorithm        text        not null,
    lineage          jsonb       not null,
    registered_at    timestamptz not null,
    constraint model_version_number unique (model, version),
    constraint model_version_artifact unique (model, artifact_sha256)
);

-- At most one version per model in each environment stage, whatever the application does.
create unique index model_version_one_holder on model_version (model, stage)
    where stage in ('staging', 'production');

create table model_check (
    id              bigserial   primary key,
    version_id      bigint      not null references model_version (id),
    name            text        not null,
    passed          boolean     not null,
    details         text,
    pipeline_label  text,
    stage           text        not null,
    actor           text        not null,
    recorded_at     timestamptz not null
);
create index model_check_version on model_check (version_id, id);

-- Audit trail: every stage change, including the archiving of a previous holder.
create table stage_change (
    id              bigserial   primary key,
    model           text        not null references model (name),
    version         integer     not null,
    from_stage      text        not null,
    to_stage        text        not null,
    actor           text        not null,
    reason          text,
    pipeline_label  text,
    changed_at      timestamptz not null
);
create index stage_change_model on stage_change (model, id);
