-- V4 filled two columns of every certificate and asset row, then rebuilt the two tables' indexes
-- in the same transaction. An index built inside that transaction still holds the rows' old
-- versions, because the transaction that replaced them had not ended. So the rebuild left each
-- index about as large as before. On a freshly generated 1,000,000-certificate inventory, after
-- its migrations, the asset-name trigram index measured 62 MB instead of 25 MB, the certificate
-- indexes 1,864 MB instead of 1,051 MB, and a search for one asset's name took 233 ms instead of
-- about 40 ms (BENCHMARKS.md, QQL run 4). The indexes are rebuilt again here, in a transaction of
-- this migration's own, where the old versions are dead to everyone and left out. On a store
-- created empty this costs nothing. On the 1,000,000-certificate inventory it took about a minute,
-- with the tables locked, before the server answers. The statistics are refreshed at the same
-- time, so the first questions after an upgrade are planned on the new figures.
REINDEX TABLE asset;
REINDEX TABLE certificate;
ANALYZE asset;
ANALYZE certificate;
