-- The cluster fence of this file's grain state: exactly one row. A write or clear presenting an epoch below it is
-- refused, checked in the write's own statement (see GrainStateCommands). It only rises: raising takes the higher of
-- the stored and the requested epoch. A new file starts at 0, the epoch every record carries before any failover.
CREATE TABLE storage_fence (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    epoch INTEGER NOT NULL
);
INSERT INTO storage_fence (id, epoch) VALUES (1, 0);
