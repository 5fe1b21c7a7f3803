-- Durable reminders of this silo's grains: one row per (grain, reminder name). version is the etag.
CREATE TABLE reminders (
    grain_type    TEXT    NOT NULL,
    grain_key     TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    start_at_ms   INTEGER NOT NULL,
    period_ms     INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    PRIMARY KEY (grain_type, grain_key, name)
);
