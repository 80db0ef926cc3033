-- The archive (GET /api/archive) lists rooms and enclaves newest change first, id byte-wise within one instant, and
-- continues a page after the last item's (updated_at, id): these indexes hold that order, so a page reads its own rows
-- instead of sorting every enclave (the enclaves a reader may view are decided row by row, not in SQL).
CREATE INDEX room_by_change ON room (updated_at DESC, room_id COLLATE "C" DESC);
CREATE INDEX enclave_by_change ON enclave (updated_at DESC, name COLLATE "C" DESC);
