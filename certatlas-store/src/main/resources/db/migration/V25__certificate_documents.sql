-- Each certificate as a v1 list shows it, kept so that a page is an index walk and 200 reads
-- instead of five joins over a few thousand rows (issue 24: 26 ms of PostgreSQL CPU per page).
-- The body is opaque here (the server writes and reads it): the certificate's JSON in parts, with
-- every asset serving it, each with its tags, so a tag-scoped page is cut from the same body.
--
-- The server builds a body when a page needs one that is missing, from the snapshot it reads the
-- page in, and stores it only if nothing it was built from changed since: every write that changes
-- what a certificate's JSON shows sets the certificate's stamp to its own transaction id (the
-- triggers below), and the body is stored only where the stamp is still the one its snapshot saw
-- (io.certatlas.store.read.CertificateDocuments). A body is either current or absent; never stale.
--
-- The root's name is not in the body: the root may arrive after the certificate, so it is read
-- with the body through root_certhash.
CREATE TABLE certificate_document (
    certificate_id bigint PRIMARY KEY,
    stamp          bigint NOT NULL DEFAULT 0,
    root_certhash  char(64),
    body           bytea
);
-- Bodies are small JSON already compact; compressing them cost more to read than it saved.
ALTER TABLE certificate_document ALTER COLUMN body SET STORAGE EXTERNAL;

-- The bodies of these certificates are no longer current: stamped with this transaction, emptied.
-- Sorted, so two writers stamping the same certificates lock them in the same order.
CREATE FUNCTION certificate_documents_stale(ids bigint[]) RETURNS void LANGUAGE sql AS $$
INSERT INTO certificate_document AS d (certificate_id, stamp)
SELECT c.id, txid_current() FROM certificate c WHERE c.id = ANY (ids) ORDER BY c.id
ON CONFLICT (certificate_id) DO UPDATE SET stamp = excluded.stamp, body = NULL, root_certhash = NULL
 WHERE d.stamp <> excluded.stamp OR d.body IS NOT NULL;
$$;

-- The certificates currently served on these assets, and by these instances. The assets (the
-- instances) are locked first, and the certificates read after, by a statement of their own: a
-- writer that links another certificate to one of them at the same time either waits for this
-- transaction (its foreign key check, or its update of the asset's count of certificates,
-- conflicts with the lock) or committed before the lock was granted, and is then seen. Without
-- the lock, a certificate linked meanwhile could have its body built from this write's old state
-- after that writer stamped it, and stored under a stamp this write never replaces.
CREATE FUNCTION certificate_documents_of_assets(asset_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM asset WHERE id = ANY (asset_ids) ORDER BY id FOR UPDATE;
    PERFORM certificate_documents_stale(array(
        SELECT DISTINCT ca.certificate_id FROM certificate_asset ca WHERE ca.asset_id = ANY (asset_ids)));
END $$;

CREATE FUNCTION certificate_documents_of_instances(instance_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM host_instance WHERE id = ANY (instance_ids) ORDER BY id FOR UPDATE;
    PERFORM certificate_documents_stale(array(
        SELECT DISTINCT ic.certificate_id FROM instance_certificate ic
         WHERE ic.instance_id = ANY (instance_ids) AND ic.current));
END $$;

-- A certificate row changed (its dates of sight, sources, counts over assets...).
CREATE FUNCTION certificate_document_certificate_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_stale(array(SELECT id FROM changed));
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_certificate AFTER UPDATE ON certificate
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION certificate_document_certificate_changed();

CREATE FUNCTION certificate_document_certificate_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM certificate_document d USING gone WHERE d.certificate_id = gone.id;
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_certificate_delete AFTER DELETE ON certificate
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION certificate_document_certificate_gone();

CREATE FUNCTION certificate_document_certificates_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE certificate_document;
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_certificate_truncate AFTER TRUNCATE ON certificate
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_certificates_truncated();

-- Links of instances to certificates: which instances a certificate lists.
CREATE FUNCTION certificate_document_link_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_stale(array(SELECT certificate_id FROM changed));
    RETURN NULL;
END $$;
CREATE FUNCTION certificate_document_link_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_stale(array(SELECT certificate_id FROM gone));
    RETURN NULL;
END $$;
-- A link that changes which certificate an instance serves, or whether it still does; a link
-- seen again (its last_found) changes nothing shown.
CREATE FUNCTION certificate_document_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_stale(array(
        SELECT o.certificate_id FROM gone o
         WHERE NOT EXISTS (SELECT 1 FROM changed n WHERE n.instance_id = o.instance_id
                           AND n.certificate_id = o.certificate_id AND n.current = o.current)
        UNION SELECT n.certificate_id FROM changed n
         WHERE NOT EXISTS (SELECT 1 FROM gone o WHERE n.instance_id = o.instance_id
                           AND n.certificate_id = o.certificate_id AND n.current = o.current)));
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_link_insert AFTER INSERT ON instance_certificate
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_link_new();
CREATE TRIGGER certificate_document_link_update AFTER UPDATE ON instance_certificate
    REFERENCING NEW TABLE AS changed OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION certificate_document_link_changed();
CREATE TRIGGER certificate_document_link_delete AFTER DELETE ON instance_certificate
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_link_old();

-- An instance's shown fields (not its times of sight, which no list shows).
CREATE FUNCTION certificate_document_instance_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_of_instances(array(
        SELECT n.id FROM changed n JOIN gone o ON o.id = n.id
         WHERE (n.protocol, n.port, n.fqdn, n.service, n.ssl_protocols, n.grade, n.asset_id)
               IS DISTINCT FROM (o.protocol, o.port, o.fqdn, o.service, o.ssl_protocols, o.grade, o.asset_id)));
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_instance AFTER UPDATE ON host_instance
    REFERENCING NEW TABLE AS changed OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION certificate_document_instance_changed();

-- Findings: an instance lists its active ones.
CREATE FUNCTION certificate_document_finding_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_of_instances(array(SELECT DISTINCT instance_id FROM changed));
    RETURN NULL;
END $$;
CREATE FUNCTION certificate_document_finding_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_of_instances(array(SELECT DISTINCT instance_id FROM gone));
    RETURN NULL;
END $$;
CREATE FUNCTION certificate_document_finding_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_of_instances(array(
        SELECT n.instance_id FROM changed n JOIN gone o ON o.instance_id = n.instance_id AND o.qid = n.qid
         WHERE (n.title, n.severity, n.status) IS DISTINCT FROM (o.title, o.severity, o.status)
        UNION SELECT n.instance_id FROM changed n
         WHERE NOT EXISTS (SELECT 1 FROM gone o WHERE o.instance_id = n.instance_id AND o.qid = n.qid)
        UNION SELECT o.instance_id FROM gone o
         WHERE NOT EXISTS (SELECT 1 FROM changed n WHERE n.instance_id = o.instance_id AND n.qid = o.qid)));
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_finding_insert AFTER INSERT ON finding
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_finding_new();
CREATE TRIGGER certificate_document_finding_update AFTER UPDATE ON finding
    REFERENCING NEW TABLE AS changed OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION certificate_document_finding_changed();
CREATE TRIGGER certificate_document_finding_delete AFTER DELETE ON finding
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_finding_old();

-- An asset's shown fields, its count of certificates and its tags (kept on the row by V4).
CREATE FUNCTION certificate_document_asset_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_of_assets(array(
        SELECT n.id FROM changed n JOIN gone o ON o.id = n.id
         WHERE (n.uuid, n.name, n.netbios_name, n.operating_system, n.was_url, n.primary_ip, n.created, n.updated,
                n.certificate_count, n.tag_ids)
               IS DISTINCT FROM (o.uuid, o.name, o.netbios_name, o.operating_system, o.was_url, o.primary_ip,
                o.created, o.updated, o.certificate_count, o.tag_ids)));
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_asset AFTER UPDATE ON asset
    REFERENCING NEW TABLE AS changed OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION certificate_document_asset_changed();

-- An asset's interfaces and tags.
CREATE FUNCTION certificate_document_asset_part_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_of_assets(array(SELECT DISTINCT asset_id FROM changed));
    RETURN NULL;
END $$;
CREATE FUNCTION certificate_document_asset_part_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_of_assets(array(SELECT DISTINCT asset_id FROM gone));
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_interface_insert AFTER INSERT ON asset_interface
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_asset_part_new();
CREATE FUNCTION certificate_document_asset_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_of_assets(array(SELECT asset_id FROM changed UNION SELECT asset_id FROM gone));
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_interface_update AFTER UPDATE ON asset_interface
    REFERENCING NEW TABLE AS changed OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION certificate_document_asset_part_changed();
CREATE TRIGGER certificate_document_interface_delete AFTER DELETE ON asset_interface
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_asset_part_old();
CREATE TRIGGER certificate_document_asset_tag_insert AFTER INSERT ON asset_tag
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_asset_part_new();
CREATE TRIGGER certificate_document_asset_tag_delete AFTER DELETE ON asset_tag
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_asset_part_old();
-- A tag link moved to another tag or asset (no API does it, but SQL may): both assets' tags changed.
CREATE TRIGGER certificate_document_asset_tag_update AFTER UPDATE ON asset_tag
    REFERENCING NEW TABLE AS changed OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION certificate_document_asset_part_changed();

-- A tag renamed (or given another uuid): every asset carrying it shows the new name.
CREATE FUNCTION certificate_document_tag_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Locked first, so that tagging another asset with it meanwhile waits or is seen.
    PERFORM 1 FROM tag t JOIN changed n ON n.id = t.id ORDER BY t.id FOR UPDATE OF t;
    PERFORM certificate_documents_of_assets(array(
        SELECT DISTINCT at.asset_id FROM asset_tag at
          JOIN changed n ON n.id = at.tag_id JOIN gone o ON o.id = n.id
         WHERE (n.name, n.uuid) IS DISTINCT FROM (o.name, o.uuid)));
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_tag AFTER UPDATE ON tag
    REFERENCING NEW TABLE AS changed OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION certificate_document_tag_changed();

-- A table a body is built from emptied at once (TRUNCATE fires no row or delete triggers): every
-- certificate may show something else now.
CREATE FUNCTION certificate_document_part_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM certificate_documents_stale(array(SELECT id FROM certificate));
    RETURN NULL;
END $$;
CREATE TRIGGER certificate_document_asset_truncate AFTER TRUNCATE ON asset
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_part_truncated();
CREATE TRIGGER certificate_document_interface_truncate AFTER TRUNCATE ON asset_interface
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_part_truncated();
CREATE TRIGGER certificate_document_asset_tag_truncate AFTER TRUNCATE ON asset_tag
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_part_truncated();
CREATE TRIGGER certificate_document_tag_truncate AFTER TRUNCATE ON tag
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_part_truncated();
CREATE TRIGGER certificate_document_instance_truncate AFTER TRUNCATE ON host_instance
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_part_truncated();
CREATE TRIGGER certificate_document_link_truncate AFTER TRUNCATE ON instance_certificate
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_part_truncated();
CREATE TRIGGER certificate_document_finding_truncate AFTER TRUNCATE ON finding
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_document_part_truncated();
