-- What every certificate list shows for each row and needs for the caller's scope, kept up to
-- date by the database instead of counted on every request (a page of 200 certificates used to
-- cost hundreds of index probes just to count instances and assets, and a tag-scoped user's
-- page had to prove visibility through three joins per candidate row):
--
--   certificate.instance_count  current links of the certificate to host instances
--   certificate.asset_count     distinct assets serving it
--   certificate.scope_tags      the tags of those assets: a user whose scope holds one of them
--                               sees the certificate (c.scope_tags && scope)
--   asset.certificate_count     distinct certificates currently served on the asset
--   asset.tag_ids               the asset's tags: a user sees the asset when they meet the scope
--
-- Row triggers apply each change as a delta, so recording an endpoint costs the same whether its
-- intermediate is served on ten instances or on a hundred thousand. Two ledgers make the deltas
-- exact: certificate_asset (how many current links a certificate has on each asset) and
-- certificate_tag (how many of the assets serving a certificate carry each tag). Triggers keep
-- all of it right whoever writes: the recorder, the demo, tag changes, cascading deletes and
-- hand-written SQL alike.

ALTER TABLE certificate
    ADD COLUMN instance_count integer  NOT NULL DEFAULT 0,
    ADD COLUMN asset_count    integer  NOT NULL DEFAULT 0,
    ADD COLUMN scope_tags     bigint[] NOT NULL DEFAULT '{}';
ALTER TABLE asset
    ADD COLUMN certificate_count integer  NOT NULL DEFAULT 0,
    ADD COLUMN tag_ids           bigint[] NOT NULL DEFAULT '{}';

-- No foreign keys on the ledgers: the triggers below are their only writers, and a cascade
-- removing ledger rows behind the triggers' back (in an order PostgreSQL does not promise) would
-- leave the counts wrong. Deleting an asset, a tag or a certificate removes its links or tags
-- first, and the triggers take the ledger rows down to zero with them.
CREATE TABLE certificate_asset (
    certificate_id bigint  NOT NULL,
    asset_id       bigint  NOT NULL,
    instances      integer NOT NULL CHECK (instances >= 0),
    PRIMARY KEY (certificate_id, asset_id)
);
CREATE INDEX certificate_asset_by_asset ON certificate_asset (asset_id, certificate_id);

CREATE TABLE certificate_tag (
    certificate_id bigint  NOT NULL,
    tag_id         bigint  NOT NULL,
    assets         integer NOT NULL CHECK (assets >= 0),
    PRIMARY KEY (certificate_id, tag_id)
);
CREATE INDEX certificate_tag_by_tag ON certificate_tag (tag_id, certificate_id);

-- Everything above counted from scratch, set-based: for this migration, and for bulk loaders
-- (the demo) that write with the row triggers below switched off and then call it.
CREATE FUNCTION rebuild_certificate_reach() RETURNS void LANGUAGE sql AS $$
TRUNCATE certificate_asset, certificate_tag;

UPDATE certificate SET instance_count = 0, asset_count = 0, scope_tags = '{}'
 WHERE instance_count <> 0 OR asset_count <> 0 OR scope_tags <> '{}';

UPDATE asset SET certificate_count = 0, tag_ids = '{}' WHERE certificate_count <> 0 OR tag_ids <> '{}';

INSERT INTO certificate_asset (certificate_id, asset_id, instances)
SELECT ic.certificate_id, hi.asset_id, count(*)
  FROM instance_certificate ic JOIN host_instance hi ON hi.id = ic.instance_id
 WHERE ic.current
 GROUP BY ic.certificate_id, hi.asset_id;

INSERT INTO certificate_tag (certificate_id, tag_id, assets)
SELECT ca.certificate_id, at.tag_id, count(*)
  FROM certificate_asset ca JOIN asset_tag at ON at.asset_id = ca.asset_id
 GROUP BY ca.certificate_id, at.tag_id;

UPDATE certificate c SET instance_count = n.instances, asset_count = n.assets
  FROM (SELECT certificate_id, sum(instances) AS instances, count(*) AS assets
          FROM certificate_asset GROUP BY certificate_id) n
 WHERE c.id = n.certificate_id;

UPDATE certificate c SET scope_tags = n.tags
  FROM (SELECT certificate_id, array_agg(tag_id ORDER BY tag_id) AS tags
          FROM certificate_tag GROUP BY certificate_id) n
 WHERE c.id = n.certificate_id;

UPDATE asset a SET tag_ids = n.tags
  FROM (SELECT asset_id, array_agg(tag_id ORDER BY tag_id) AS tags FROM asset_tag GROUP BY asset_id) n
 WHERE a.id = n.asset_id;

UPDATE asset a SET certificate_count = n.certificates
  FROM (SELECT asset_id, count(*) AS certificates FROM certificate_asset GROUP BY asset_id) n
 WHERE a.id = n.asset_id;
$$;

SELECT rebuild_certificate_reach();

-- One more (or one fewer) asset carrying tag t serves certificate c.
CREATE FUNCTION certificate_tag_moved(c bigint, t bigint, delta integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    remaining integer;
BEGIN
    IF delta > 0 THEN
        INSERT INTO certificate_tag AS ct (certificate_id, tag_id, assets) VALUES (c, t, 1)
        ON CONFLICT (certificate_id, tag_id) DO UPDATE SET assets = ct.assets + 1
        RETURNING ct.assets INTO remaining;
        IF remaining = 1 THEN
            UPDATE certificate SET scope_tags = array_append(scope_tags, t) WHERE id = c;
        END IF;
    ELSE
        UPDATE certificate_tag SET assets = assets - 1 WHERE certificate_id = c AND tag_id = t
        RETURNING assets INTO remaining;
        -- Not found: the tag itself is being deleted and its rows went first; drop it all the same.
        IF remaining IS NULL OR remaining = 0 THEN
            DELETE FROM certificate_tag WHERE certificate_id = c AND tag_id = t;
            UPDATE certificate SET scope_tags = array_remove(scope_tags, t) WHERE id = c;
        END IF;
    END IF;
END $$;

-- One more (or one fewer) current link of certificate c on an instance of asset a.
CREATE FUNCTION certificate_link_moved(c bigint, a bigint, delta integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    links integer;
    t bigint;
BEGIN
    IF delta > 0 THEN
        INSERT INTO certificate_asset AS ca (certificate_id, asset_id, instances) VALUES (c, a, 1)
        ON CONFLICT (certificate_id, asset_id) DO UPDATE SET instances = ca.instances + 1
        RETURNING ca.instances INTO links;
    ELSE
        UPDATE certificate_asset SET instances = instances - 1 WHERE certificate_id = c AND asset_id = a
        RETURNING instances INTO links;
        IF links = 0 THEN
            DELETE FROM certificate_asset WHERE certificate_id = c AND asset_id = a;
        END IF;
    END IF;
    IF (delta > 0 AND links = 1) OR (delta < 0 AND links = 0) THEN
        -- The asset starts (or stops) serving the certificate.
        UPDATE certificate SET instance_count = instance_count + delta, asset_count = asset_count + delta WHERE id = c;
        UPDATE asset SET certificate_count = certificate_count + delta WHERE id = a;
        FOR t IN SELECT tag_id FROM asset_tag WHERE asset_id = a LOOP
            PERFORM certificate_tag_moved(c, t, delta);
        END LOOP;
    ELSIF links IS NOT NULL THEN
        UPDATE certificate SET instance_count = instance_count + delta WHERE id = c;
    END IF;
END $$;

CREATE FUNCTION instance_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.current
       AND NOT (TG_OP = 'UPDATE' AND NEW.current AND NEW.instance_id = OLD.instance_id
                AND NEW.certificate_id = OLD.certificate_id) THEN
        PERFORM certificate_link_moved(OLD.certificate_id, hi.asset_id, -1)
           FROM host_instance hi WHERE hi.id = OLD.instance_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.current
       AND NOT (TG_OP = 'UPDATE' AND OLD.current AND NEW.instance_id = OLD.instance_id
                AND NEW.certificate_id = OLD.certificate_id) THEN
        PERFORM certificate_link_moved(NEW.certificate_id, hi.asset_id, 1)
           FROM host_instance hi WHERE hi.id = NEW.instance_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER instance_certificate_reach AFTER INSERT OR UPDATE OR DELETE ON instance_certificate
    FOR EACH ROW EXECUTE FUNCTION instance_link_changed();

-- An instance's links go before it does, while its asset can still be found from them (a
-- cascade would remove them after the instance row is gone).
CREATE FUNCTION instance_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM instance_certificate WHERE instance_id = OLD.id;
    RETURN OLD;
END $$;

CREATE TRIGGER host_instance_reach BEFORE DELETE ON host_instance
    FOR EACH ROW EXECUTE FUNCTION instance_removed();

-- An asset about to go takes itself off the certificates it serves here, while its tags are
-- still there to be taken off too (the row triggers of cascaded deletes run only after every
-- cascade, by when they would find neither). Its links, going by cascade, then find no ledger row
-- and change nothing more.
CREATE FUNCTION asset_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    served record;
    t bigint;
BEGIN
    FOR served IN SELECT certificate_id, instances FROM certificate_asset WHERE asset_id = OLD.id LOOP
        UPDATE certificate SET instance_count = instance_count - served.instances, asset_count = asset_count - 1
         WHERE id = served.certificate_id;
        FOR t IN SELECT tag_id FROM asset_tag WHERE asset_id = OLD.id LOOP
            PERFORM certificate_tag_moved(served.certificate_id, t, -1);
        END LOOP;
    END LOOP;
    DELETE FROM certificate_asset WHERE asset_id = OLD.id;
    RETURN OLD;
END $$;

CREATE TRIGGER asset_reach BEFORE DELETE ON asset
    FOR EACH ROW EXECUTE FUNCTION asset_removed();

-- A tag put on or taken off an asset: who may see the certificates the asset serves.
CREATE FUNCTION asset_tag_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE asset SET tag_ids = array_append(tag_ids, NEW.tag_id) WHERE id = NEW.asset_id;
        FOR c IN SELECT certificate_id FROM certificate_asset WHERE asset_id = NEW.asset_id LOOP
            PERFORM certificate_tag_moved(c, NEW.tag_id, 1);
        END LOOP;
    ELSE
        UPDATE asset SET tag_ids = array_remove(tag_ids, OLD.tag_id) WHERE id = OLD.asset_id;
        FOR c IN SELECT certificate_id FROM certificate_asset WHERE asset_id = OLD.asset_id LOOP
            PERFORM certificate_tag_moved(c, OLD.tag_id, -1);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER asset_tag_reach AFTER INSERT OR DELETE ON asset_tag
    FOR EACH ROW EXECUTE FUNCTION asset_tag_changed();

-- A narrow scope (one small team's tag) finds its certificates through this index and sorts
-- them; a wide one walks the sort order and checks each row's tags in place.
CREATE INDEX certificate_scope_tags ON certificate USING gin (scope_tags);

-- The backfill above rewrote every certificate and asset row once, leaving each of their
-- indexes about twice its size; the trigram indexes, which cannot reuse that space well, then
-- answered a search for an asset name in 170 ms instead of 30 (1,000,000 certificates). Rebuilt
-- here, once, while the migration has the tables to itself.
REINDEX TABLE asset;
REINDEX TABLE certificate;
