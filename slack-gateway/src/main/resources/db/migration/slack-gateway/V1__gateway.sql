-- The gateway's own state: which enclave each channel has (from enclave.events), who is in each room (from
-- coordination.events), answers still owed to a response_url, Slack events already handled, notices already sent.
create table channel_binding (
    enclave      varchar(63) primary key,
    channel_id   varchar(32) not null,
    channel_name varchar(80) not null,
    released     boolean     not null default false,
    bound_at     timestamptz not null default now()
);
-- No uniqueness on live channels here: events of two enclaves arrive on different partitions, so a new enclave's
-- binding may be read before the old one's release. The command service enforces one live enclave per channel.
create index channel_binding_channel on channel_binding (channel_id) where not released;

create table room (
    room      varchar(64) primary key,
    purpose   varchar(500) not null,
    initiator varchar(32)  not null
);

create table room_participant (
    room    varchar(64) not null references room (room),
    user_id varchar(32) not null,
    primary key (room, user_id)
);

create table pending_reply (
    command_id   uuid primary key,
    response_url text,  -- null: the answer goes as a direct message (a modal has no response_url)
    user_id      varchar(32) not null,
    channel_id   varchar(32),
    subject      text,
    follow_up    varchar(32) not null,
    created_at   timestamptz not null
);
create index pending_reply_created on pending_reply (created_at);

create table seen_event (
    event_id varchar(64) primary key,
    seen_at  timestamptz not null
);
create index seen_event_at on seen_event (seen_at);

create table sent_notice (
    message_id varchar(64) not null,
    recipient  varchar(32) not null,
    sent_at    timestamptz not null default now(),
    primary key (message_id, recipient)
);
create index sent_notice_at on sent_notice (sent_at);
