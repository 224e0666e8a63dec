-- certificate_key's foreign key checked every inserted key row against certificate, one row at a
-- time, after the statement: in an import that was 100-170 µs of PostgreSQL's time a row, more than
-- the key row itself and half as much as the certificate row with its thirty indexes. Every
-- statement that writes certificate_key takes the id from certificate in the same statement (the
-- import joins on the certhash, the audit on the id), so the check only ever confirmed what the
-- statement had just read. What the foreign key also did, removing a certificate's key row with
-- the certificate, a statement-level trigger does now, once per statement.
ALTER TABLE certificate_key DROP CONSTRAINT certificate_key_certificate_id_fkey;

CREATE FUNCTION certificate_key_follow_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM certificate_key k USING gone g WHERE k.certificate_id = g.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER certificate_delete_drops_key AFTER DELETE ON certificate
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION certificate_key_follow_delete();

CREATE FUNCTION certificate_key_follow_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE certificate_key;
    RETURN NULL;
END
$$;

CREATE TRIGGER certificate_truncate_drops_keys AFTER TRUNCATE ON certificate
    FOR EACH STATEMENT EXECUTE FUNCTION certificate_key_follow_truncate();

-- Key rows whose certificate is gone (none is expected: the foreign key kept them out until now).
DELETE FROM certificate_key k WHERE NOT EXISTS (SELECT 1 FROM certificate c WHERE c.id = k.certificate_id);
