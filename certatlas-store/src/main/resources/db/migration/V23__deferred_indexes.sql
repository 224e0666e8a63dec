-- A large import into an empty or small inventory drops the certificate table's secondary
-- indexes, copies its rows in, and builds the indexes again: on the 2-core VM, copying 100,000
-- rows into the table with every index took 10.2 s of PostgreSQL time, against 1.4 s with only
-- its unique indexes plus 5.6 s to build the others afterwards (BENCHMARKS.md, import).
--
-- Each dropped index is recorded here, with its definition, in the transaction that drops it,
-- and its row is deleted in the transaction that builds it again: whatever stops the import (a
-- kill, a lost connection), every index is either in place or listed here, and the next store
-- that opens builds what is listed (io.certatlas.store.DeferredIndexes).
CREATE TABLE deferred_index (
    name       text PRIMARY KEY,
    table_name text NOT NULL,
    definition text NOT NULL,
    deferred   timestamptz NOT NULL DEFAULT now()
);
