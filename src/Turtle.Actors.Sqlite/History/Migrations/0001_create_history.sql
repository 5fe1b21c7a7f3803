-- History lives in its own file (history.db): its write volume would otherwise hold SQLite's single write lock
-- against grain state. Times are Unix microseconds (PostgreSQL's precision, so both providers round alike).
CREATE TABLE history_raw (
    entity  TEXT    NOT NULL,
    metric  TEXT    NOT NULL,
    time_us INTEGER NOT NULL,
    value   REAL    NOT NULL,
    labels  TEXT    NULL      -- JSON object, or NULL when the sample has none
);
-- Serves one series' range scans (queries, raw reads).
CREATE INDEX ix_history_raw_series ON history_raw (entity, metric, time_us);
-- Serves the rollup's and the pruning's scans over all series by time.
CREATE INDEX ix_history_raw_time ON history_raw (time_us);

CREATE TABLE history_minute (
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
CREATE INDEX ix_history_minute_bucket ON history_minute (bucket_us);

CREATE TABLE history_hour (
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
CREATE INDEX ix_history_hour_bucket ON history_hour (bucket_us);

-- How far each rollup tier has been computed (exclusive end, Unix microseconds): the rollup's idempotence.
CREATE TABLE history_rollup_state (
    tier             TEXT    PRIMARY KEY,
    rolled_until_us  INTEGER NOT NULL
);
