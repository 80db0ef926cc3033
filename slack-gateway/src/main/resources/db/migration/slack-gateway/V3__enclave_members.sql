-- Who belongs to each enclave, as the gateway reads it from enclave.events (MemberRegistered, MemberRemoved,
-- EnclaveOwnershipTransferred): what /enclave join and the membership drift check compare with Slack's channel.
ALTER TABLE channel_binding ADD COLUMN owner VARCHAR(32);

create table enclave_member (
    enclave      varchar(63) not null,
    user_id      varchar(32) not null,
    -- which registration: the position of the event that made them a member, so a drift removal's command id
    -- names this membership and two passes remove it once
    registration varchar(64) not null,
    primary key (enclave, user_id)
);

-- The sign-in invitations sent to the channel's members when the enclave became active: each person once.
create table member_invitation (
    enclave    varchar(63) not null,
    user_id    varchar(32) not null,
    invited_at timestamptz not null default now(),
    primary key (enclave, user_id)
);
