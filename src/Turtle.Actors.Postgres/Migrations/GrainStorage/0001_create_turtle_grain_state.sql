-- One row per (state name, grain type, grain key). payload NULL marks a cleared record, which reads as absent
-- but keeps its version (etags are never reused) and its epoch (a clear still fences writers from an older
-- epoch). version is the etag: every successful write or clear adds one.
CREATE TABLE turtle_grain_state (
    state_name  text        NOT NULL,
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    payload     jsonb       NULL,
    version     bigint      NOT NULL,
    epoch       bigint      NOT NULL,
    modified_at timestamptz NOT NULL,
    PRIMARY KEY (state_name, grain_type, grain_key)
);
