-- The documents of a page are read by a plain statement again (CertificateDocuments.held): a
-- PL/pgSQL function returning a table copies every row it returns into a result set of its own
-- first, 400 KB of bodies a page, and that cost more than the planning V30 saved. Measured on the
-- 1,000,000-certificate inventory for a page of 200 bodies: 0.70-0.75 ms through the function,
-- 0.37 ms as a statement planned for its values (0.14 ms of it planning).
DROP FUNCTION certificate_documents_held(bigint[]);
