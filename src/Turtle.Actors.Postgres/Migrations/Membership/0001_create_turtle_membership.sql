-- Cluster membership, as Orleans' ADO.NET clustering keeps it: one version row per cluster, bumped by every
-- membership change under compare-and-swap, and one row per silo generation.
CREATE TABLE turtle_membership_version (
    cluster_id text        NOT NULL PRIMARY KEY,
    version    bigint      NOT NULL,
    etag       uuid        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE turtle_silos (
    cluster_id      text        NOT NULL REFERENCES turtle_membership_version (cluster_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      bigint      NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    dc              text        NOT NULL,
    role            text        NOT NULL,
    -- Spelled out, so operators can read the table with psql.
    status          text        NOT NULL CHECK (status IN ('Joining', 'Active', 'ShuttingDown', 'Dead')),
    gateway_port    integer     NOT NULL,
    -- [{"host": "10.0.0.2", "port": 11111, "generation": 42, "time": "2026-11-22T06:00:00.0000000+00:00"}, ...]
    suspicion_votes jsonb       NOT NULL DEFAULT '[]',
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    etag            uuid        NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);
