-- Five-minute rollups, between the minute and hour tiers (hours are rolled up from them from now on): a fleet's day
-- at dashboard steps reads 288 rows per series instead of 1,440. Filled from the minute tier by the next passes.
CREATE TABLE history_five_minute (
    entity       TEXT    NOT NULL,
    metric       TEXT    NOT NULL,
    bucket_us    INTEGER NOT NULL,
    min          REAL    NOT NULL,
    max          REAL    NOT NULL,
    sum          REAL    NOT NULL,
    count        INTEGER NOT NULL,
    last_time_us INTEGER NOT NULL,
    last         REAL    NOT NULL,
    PRIMARY KEY (entity, metric, bucket_us)
) WITHOUT ROWID;
CREATE INDEX ix_history_five_minute_bucket ON history_five_minute (bucket_us);

-- Minutes (Unix microseconds) that received samples after the minute tier had rolled them up. The batch marks them
-- in its own transaction; the next pass recomputes them and the five-minute and hour periods holding them.
CREATE TABLE history_late_minutes (
    minute_us INTEGER PRIMARY KEY
);
