-- Coordination rooms as their participants see them: status, who is authorized how, who has shared windows (never
-- the windows), proposals and outcome. last_sequence makes a redelivered or replayed event change nothing.
CREATE TABLE room (
    room_id        TEXT                     PRIMARY KEY,
    status         TEXT                     NOT NULL,
    purpose        TEXT                     NOT NULL,
    initiator      TEXT                     NOT NULL,
    origin_channel TEXT,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    proposals      JSONB                    NOT NULL DEFAULT '[]',
    outcome        JSONB,
    ended_reason   TEXT,
    ended_by       TEXT,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_sequence  BIGINT                   NOT NULL
);

CREATE TABLE room_participant (
    room_id         TEXT NOT NULL REFERENCES room (room_id),
    user_id         TEXT NOT NULL,
    authorized_as   TEXT NOT NULL,
    rule_id         TEXT,
    approval_reason TEXT,
    window_count    INTEGER,
    submitted_at    TIMESTAMP WITH TIME ZONE,
    accepted        JSONB,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_participant_by_user ON room_participant (user_id);
