-- Raw samples, partitioned by day (UTC) so retention drops whole partitions instead of deleting rows. Partitions
-- are created by the store: ahead of time by the maintenance pass, and on demand for a batch's days.
CREATE TABLE turtle_history_raw (
    entity text             NOT NULL,
    metric text             NOT NULL,
    time   timestamptz      NOT NULL,
    value  double precision NOT NULL,
    labels jsonb            NULL
) PARTITION BY RANGE (time);
-- Rows arrive in time order, so a BRIN index on time is tiny and serves the rollup's and raw queries' scans by time.
-- No btree on (entity, metric, time): it would cost about a third of the COPY rate, and raw-tier queries cover
-- minutes to hours (steps under a minute), a BRIN-bounded scan.
CREATE INDEX ix_turtle_history_raw_time ON turtle_history_raw USING brin (time);

-- Rollups keep sum and count (not an average) so hours merge from minutes exactly; last is the value at last_time.
CREATE TABLE turtle_history_minute (
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
CREATE INDEX ix_turtle_history_minute_bucket ON turtle_history_minute USING brin (bucket);

CREATE TABLE turtle_history_hour (
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
CREATE INDEX ix_turtle_history_hour_bucket ON turtle_history_hour USING brin (bucket);

-- How far each rollup tier has been computed (exclusive end): what makes a repeated pass a no-op.
CREATE TABLE turtle_history_rollup_state (
    tier         text        PRIMARY KEY,
    rolled_until timestamptz NOT NULL
);
