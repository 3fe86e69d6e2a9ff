-- Datasets, their schema revisions and their immutable versions. Content lives in S3 at
-- <bucket>/<dataset>/<sha256>.csv; a row here exists only once that object is stored.
create table dataset (
    name            text        primary key,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    latest_number   integer     not null default 0,
    schema_revision integer     not null default 0
);

create table dataset_schema (
    pk          bigserial   primary key,
    dataset     text        not null references dataset (name),
    revision    integer     not null,
    schema_json text        not null,
    created_at  timestamptz not null default now(),
    unique (dataset, revision)
);

create table dataset_version (
    pk              bigserial   primary key,
    dataset         text        not null references dataset (name),
    version_id      char(64)    not null,
    number          integer     not null,
    row_count       bigint      not null,
    column_count    integer     not null,
    byte_size       bigint      not null,
    schema_revision integer     not null,
    parents         text        not null default '',
    source          text        not null check (source in ('upload', 'feedback', 'derived')),
    message         text,
    created_at      timestamptz not null default now(),
    created_by      text        not null,
    object_key      text        not null,
    profile         jsonb       not null,
    -- identical bytes are one version: concurrent identical uploads cannot both insert
    unique (dataset, version_id),
    unique (dataset, number),
    foreign key (dataset, schema_revision) references dataset_schema (dataset, revision)
);
