-- The reconciler's drift, told to each enclave's channel at most once per enclave.slack.drift-notice-interval: when
-- the last drift notice of each enclave went out, and the drift held back since, for the summary after the window.
create table drift_notice (
    enclave      varchar(63) primary key,
    last_sent_at timestamptz not null
);

create table drift_pending (
    -- the event's message id: a redelivered event is held once
    message_id varchar(64) primary key,
    enclave    varchar(63) not null,
    sequence   bigint,
    line       text        not null,
    at         timestamptz not null
);

create index drift_pending_by_enclave on drift_pending (enclave, at);
