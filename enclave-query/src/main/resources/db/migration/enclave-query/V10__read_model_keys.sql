-- Keys that cost a rebuild less, each measured (docs/benchmarks.md, "Rebuild, third round").

-- An event of the history is known by its aggregate and sequence: the key "Why?", time travel and the history pages
-- look rows up by, and the one a redelivered event is recognised by. The event id stays a column without an index:
-- no query looks an event up by it, and a unique index over random UUIDs is costly to keep. Dropped with it: the
-- index by correlation id, which no query uses ("Why?" walks the trace id), and the one by (aggregate, time), which
-- the key serves as well: an aggregate's events are in time order.
ALTER TABLE event_history DROP CONSTRAINT event_history_pkey;
ALTER TABLE event_history DROP CONSTRAINT event_history_aggregate_id_sequence_key;
DROP INDEX event_history_by_time;
DROP INDEX event_history_by_correlation;

-- Read models are derived: their projections keep members and tentacles with their enclave (a reset deletes all
-- three). The foreign keys only checked that again, one query per row written.
ALTER TABLE enclave_member DROP CONSTRAINT enclave_member_enclave_fkey;
ALTER TABLE tentacle DROP CONSTRAINT tentacle_enclave_fkey;

-- Identifiers compare byte by byte: the language-aware comparison of the database's default collation was a tenth
-- of PostgreSQL's work in a rebuild, and sorting names or ids by language rules serves no reader.
ALTER TABLE event_history ALTER COLUMN aggregate_id TYPE TEXT COLLATE "C",
                          ALTER COLUMN trace_id TYPE TEXT COLLATE "C";
ALTER TABLE enclave ALTER COLUMN name TYPE TEXT COLLATE "C";
ALTER TABLE enclave_member ALTER COLUMN enclave TYPE TEXT COLLATE "C",
                           ALTER COLUMN member TYPE TEXT COLLATE "C";
ALTER TABLE tentacle ALTER COLUMN enclave TYPE TEXT COLLATE "C",
                     ALTER COLUMN name TYPE TEXT COLLATE "C";

ALTER TABLE event_history ADD PRIMARY KEY (aggregate_id, sequence);
