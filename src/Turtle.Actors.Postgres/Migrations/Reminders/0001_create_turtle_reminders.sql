-- Durable reminders of a cluster: one row per (grain, reminder name). version is the etag.
CREATE TABLE turtle_reminders (
    cluster_id  text        NOT NULL,
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    name        text        NOT NULL,
    start_at    timestamptz NOT NULL,
    period_ms   bigint      NOT NULL,
    version     bigint      NOT NULL,
    PRIMARY KEY (cluster_id, grain_type, grain_key, name)
);
