-- Indexes for the first page of a filtered certificate list (default sort updated desc, id desc),
-- chosen from the plans of the query-language benchmark on 1,000,000 certificates (BENCHMARKS.md,
-- "Query language"). V2's indexes that these replace are dropped here; V2 itself stays as it ran.

-- Keyword tokens (signatureAlgorithm, publicKeyAlgorithm, serialNumber) matched as a whole value
-- ignoring case compile to lower(column) = lower(value) (QueryCompiler.keyword), which a trigram
-- index serves badly for values shared by thousands of rows. The sort columns follow in the key,
-- so "signatureAlgorithm:X" alone reads its first page in order from the index.
CREATE INDEX certificate_signature_algorithm_lower  ON certificate (lower(signature_algorithm), updated, id);
CREATE INDEX certificate_public_key_algorithm_lower ON certificate (lower(public_key_algorithm), updated, id);
CREATE INDEX certificate_serial_number_lower        ON certificate (lower(serial_number));

-- Date windows (expiryGroup, validToDate, lastFound ranges): a window of a few days holds thousands
-- of certificates scattered over the whole table, and walking the updated index instead reads many
-- more. With updated carried in the index the window is read and sorted without visiting the table.
-- The issuer organisation rides along on valid_to because "issuer X expiring soon" is the common
-- pairing, and its substring match would otherwise intersect a trigram scan that returns a quarter
-- of the table for a big CA. Same key columns as in V2, so sorting by these dates still uses them.
DROP INDEX certificate_valid_to;
CREATE INDEX certificate_valid_to   ON certificate (valid_to, id) INCLUDE (updated, issuer_organization);
DROP INDEX certificate_valid_from;
CREATE INDEX certificate_valid_from ON certificate (valid_from, id) INCLUDE (updated);
DROP INDEX certificate_last_found;
CREATE INDEX certificate_last_found ON certificate (last_found, id) INCLUDE (updated);

-- A condition on an instance or asset of a certificate is an EXISTS probed per certificate while
-- the updated index is walked; each probe goes from a current link to its host instance. Carrying
-- asset_id, port and grade answers that hop (and the commonest instance tests) from the index.
CREATE INDEX host_instance_covering ON host_instance (id) INCLUDE (asset_id, port, grade);

-- No parallel workers on certificate scans. A first page walks the updated index and stops after
-- 200 matches; split over workers, each walks its share until the merge has enough, so about twice
-- the rows are probed, on two cores that also serve the requests. Measured on the benchmark
-- (load 7 to 8): asset.tags.name:PCI 168 -> 25 ms, instance.grade:F 64 -> 21 ms,
-- instance:(port:443 and grade:T) 164 -> 76 ms median; an unindexed sort of the whole table was
-- no faster with workers on the same machine. RESET it to let the planner decide again.
ALTER TABLE certificate SET (parallel_workers = 0);
