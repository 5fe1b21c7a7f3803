-- The cluster fence of the grain state in this database: exactly one row. A write or clear presenting an epoch below
-- it is refused; the write's own statement reads it FOR SHARE (see GrainStateCommands), and raising it takes the
-- table in EXCLUSIVE mode and updates the row, so a raise and a write never interleave. It only rises (GREATEST).
-- It starts at 0, the epoch every record carries before any failover.
CREATE TABLE turtle_storage_fence (
    id    boolean NOT NULL DEFAULT true PRIMARY KEY CHECK (id),
    epoch bigint  NOT NULL
);
INSERT INTO turtle_storage_fence (id, epoch) VALUES (true, 0);
