-- Where each grain's single activation lives, per cluster. The primary key is what keeps activations single:
-- the first registration of a grain wins; later ones read the winner and forward to it.
CREATE TABLE turtle_grain_directory (
    cluster_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_key       text        NOT NULL,
    silo_host       text        NOT NULL,
    silo_port       integer     NOT NULL,
    silo_generation bigint      NOT NULL,
    activation_id   uuid        NOT NULL,
    registered_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cluster_id, grain_type, grain_key)
);

-- Removing a dead silo's entries scans by silo.
CREATE INDEX turtle_grain_directory_by_silo ON turtle_grain_directory (cluster_id, silo_host, silo_port, silo_generation);
