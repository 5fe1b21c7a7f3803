-- Five-minute rollups, between the minute and hour tiers (hours are rolled up from them from now on): a fleet's day
-- at dashboard steps reads 288 rows per series instead of 1,440. Filled from the minute tier by the next passes.
-- The same columns, covering primary key and BRIN index on bucket as the minute and hour tables.
CREATE TABLE turtle_history_five_minute (LIKE turtle_history_minute INCLUDING ALL);
ALTER INDEX turtle_history_five_minute_bucket_idx RENAME TO ix_turtle_history_five_minute_bucket;

-- The minutes each batch wrote raw rows into, inserted in the batch's own transaction and deleted by the rollup pass
-- that (re)computes them: a minute that gets samples after it was rolled up (a collector back-filling after an
-- outage, or a batch committing while its minute was being rolled) is recomputed, with the coarser periods holding
-- it. No key on purpose: with one, a batch whose minute is already marked inserts nothing, and a pass could delete
-- the existing mark and recompute before that batch commits, losing its rows; separate rows never conflict or lock.
CREATE TABLE turtle_history_minute_marks (
    minute timestamptz NOT NULL
);
CREATE INDEX ix_turtle_history_minute_marks_minute ON turtle_history_minute_marks (minute);
