-- A participant's agent may draft their joining (to approve by a time), the participant may defer answering, and a
-- room may abort because a participant's agent policy refused it: the rule that refused and why, in words.
ALTER TABLE room_participant ADD COLUMN IF NOT EXISTS approve_by TIMESTAMP WITH TIME ZONE;
ALTER TABLE room_participant ADD COLUMN IF NOT EXISTS deferred_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE room ADD COLUMN IF NOT EXISTS ended_rule TEXT;
ALTER TABLE room ADD COLUMN IF NOT EXISTS ended_explanation TEXT;
