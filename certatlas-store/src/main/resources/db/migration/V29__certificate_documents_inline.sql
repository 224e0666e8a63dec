-- A stored certificate body (V25) is about 2 KB: just past the 2 KB at which PostgreSQL moves a
-- value out to the TOAST table, where it is kept in two chunks behind an index of its own. Reading
-- a page's 200 bodies then cost 200 probes of the TOAST index and 400 chunk reads besides the 200
-- rows: 3.5 ms of every page under load, the largest part of a scoped page's PostgreSQL time.
-- Keeping bodies up to a whole page long in the row (they stay uncompressed: V25) makes a body
-- one read. A certificate with hundreds of assets still goes out of line.
ALTER TABLE certificate_document SET (toast_tuple_target = 8160);

-- The setting applies to rows written from now on; bodies already stored are written again, the
-- same bytes, so that they too are read from the row (concatenating an empty value makes a new,
-- untoasted one). On a store whose every certificate has a body this rewrites the table once.
UPDATE certificate_document SET body = body || '\x'::bytea WHERE body IS NOT NULL;
