-- Slots are sealed from this version on: proposals carry a number and a slot sealed to the room's key. Snapshots of
-- the Coordination aggregate made before held every current proposal, acceptance and acknowledgement as clear times,
-- and their shape no longer fits it. Its @Revision("2") makes Axon pass them over; deleting them removes the clear
-- copies too (each room is sourced from its events, and snapshotted afresh).
DELETE FROM snapshotevententry WHERE payloadtype = 'io.enclavesuite.coordination.meeting.Coordination';
