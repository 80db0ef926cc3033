-- Each command the gateway acknowledged (to Slack, or to a browser for a sign-in), kept until Kafka has taken it: the
-- row is written before the acknowledgement, and the relay publishes from here and deletes the row the moment Kafka
-- acknowledges it. No published row is kept. The payload is the command as it goes on the topic (a person's windows
-- and times are sealed to the room's key before they reach this table), so the row is no more revealing than the
-- envelope. A row publishes twice only after a crash between Kafka's acknowledgement and the delete, which the write
-- side's intake answers once (it dedupes on the command id).
create table command_outbox (
    command_id      uuid primary key,
    type            varchar(64)  not null,
    payload         text         not null,  -- the command's JSON object, exactly as it goes into the envelope
    actor           varchar(200) not null,
    channel_id      varchar(32),
    partition_key   varchar(200) not null,  -- the record key: the aggregate the command is for
    response_url    text,                   -- null: nobody waits (a channel event), or the answer is a direct message
    subject         text,                   -- what was asked, in words, for the answer
    follow_up       varchar(32)  not null,
    accepted_at     timestamptz  not null,  -- when it was acknowledged: a response_url lasts 30 minutes from then
    -- HMAC over everything above, with a key derived from the signing secret (never in the database): a row written
    -- or changed by anyone but the gateway is dropped, not signed with the gateway's principal
    seal            varchar(64)  not null,
    -- a request waiting for a check after its acknowledgement (a provisioning: Slack asked who owns the channel):
    -- published once the check releases it, dropped if it refuses; a hold nobody settles by next_attempt_at (the
    -- gateway stopped meanwhile) is dropped by the relay and the person told
    held            boolean      not null default false,
    attempts        integer      not null default 0,    -- failed publishes so far
    next_attempt_at timestamptz  not null,  -- due from then; while a relay holds the row, its lease ends here
    lease_token     uuid,                   -- the claim of the relay publishing it, if one is
    last_error      text                    -- why the last publish failed (Kafka's words, never the payload)
);
create index command_outbox_due on command_outbox (next_attempt_at);
