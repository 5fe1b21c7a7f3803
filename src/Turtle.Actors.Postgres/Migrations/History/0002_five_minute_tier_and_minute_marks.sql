-- Five-minute rollups, between the minute and hour tiers (hours are rolled up from them from now on): a fleet's day
-- at dashboard steps reads 288 rows per series instead of 1,440. Filled from the minute tier by the next passes.
CREATE TABLE turtle_history_five_minute (
    entity    text             NOT NULL,
    metric    text             NOT NULL,
    bucket    timestamptz      NOT NULL,
    min       double precision NOT NULL,
    max       double precision NOT NULL,
    sum       double precision NOT NULL,
    count     bigint           NOT NULL,
    last_time timestamptz      NOT NULL,
    last      double precision NOT NULL,
    -- Covering: dashboard queries read the key's range by an index-only scan (maintenance vacuums after rolling up).
    PRIMARY KEY (entity, metric, bucket) INCLUDE (min, max, sum, count, last_time, last)
);
CREATE INDEX ix_turtle_history_five_minute_bucket ON turtle_history_five_minute USING brin (bucket);

-- The minutes each batch wrote raw rows into, inserted in the batch's own transaction and deleted by the rollup pass
-- that (re)computes them: a minute that gets samples after it was rolled up (a collector back-filling after an
-- outage, or a batch committing while its minute was being rolled) is recomputed, with the coarser periods holding
-- it. No key on purpose: with one, a batch whose minute is already marked inserts nothing, and a pass could delete
-- the existing mark and recompute before that batch commits, losing its rows; separate rows never conflict or lock.
CREATE TABLE turtle_history_minute_marks (
    minute timestamptz NOT NULL
);
CREATE INDEX ix_turtle_history_minute_marks_minute ON turtle_history_minute_marks (minute);
