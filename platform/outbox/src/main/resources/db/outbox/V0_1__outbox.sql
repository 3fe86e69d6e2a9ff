-- Transactional outbox: written in the same transaction as the change it announces,
-- relayed to Kafka by OutboxRelay, then marked sent.
create table cd4ml_outbox (
    seq          bigserial primary key,
    id           uuid        not null unique,
    topic        text        not null,
    event_key    text        not null,
    event_type   text        not null,
    envelope     text        not null,
    created_at   timestamptz not null default now(),
    sent_at      timestamptz,
    attempts     integer     not null default 0,
    last_error   text
);
create index cd4ml_outbox_unsent on cd4ml_outbox (seq) where sent_at is null;

-- Event ids a consumer has already handled: delivery is at least once, handling is once.
create table cd4ml_processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
