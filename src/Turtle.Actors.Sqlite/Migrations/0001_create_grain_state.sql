-- One row per (state name, grain type, grain key). payload is the state as JSON text; NULL marks a cleared
-- record, which reads as absent but keeps its version (etags are never reused) and its epoch (a clear still
-- fences writers from an older epoch). version is the etag: every successful write or clear adds one.
CREATE TABLE grain_state (
    state_name  TEXT    NOT NULL,
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    payload     TEXT    NULL,
    version     INTEGER NOT NULL,
    epoch       INTEGER NOT NULL,
    modified_at TEXT    NOT NULL,
    PRIMARY KEY (state_name, grain_type, grain_key)
);
