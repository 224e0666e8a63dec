-- Alert passes read what changed, not the whole inventory (issue 20). A rule is evaluated in
-- whole once (when new or edited, and once a day); every later pass re-reads only the subjects
-- whose facts moved since its last pass: endpoints a scan recorded, certificates seen or
-- imported, successors the renewal ledger learnt, and certificates whose renewal point or expiry
-- window the clock crossed (kept ahead as timers, up to the rule's horizon).

-- Endpoints recorded since a pass: every observation stamps host_instance.updated.
CREATE INDEX host_instance_updated ON host_instance (updated);

-- Successors learnt since a pass: the renewal ledger stamps the rows it writes.
ALTER TABLE certificate_renewal ADD COLUMN changed timestamptz NOT NULL DEFAULT now();
CREATE INDEX certificate_renewal_changed ON certificate_renewal (changed);

-- swept: the clock of the rule's last whole pass; sweep_seen: the sweep request it saw then;
-- read_until: the database time from which its next pass reads what changed; horizon: its timers
-- cover due times up to here. A rule edited gets a whole pass (swept goes back to null).
ALTER TABLE alert_rule ADD COLUMN swept timestamptz;
ALTER TABLE alert_rule ADD COLUMN sweep_seen timestamptz;
ALTER TABLE alert_rule ADD COLUMN read_until timestamptz;
ALTER TABLE alert_rule ADD COLUMN horizon timestamptz;

-- The firing alerts a pass may resolve, found from the certificates or endpoints it re-read.
CREATE INDEX alert_state_firing_certificate ON alert_state (rule_id, certificate_id) WHERE status = 'FIRING';
CREATE INDEX alert_state_firing_instance ON alert_state (rule_id, instance_id) WHERE status = 'FIRING';

-- When a rule's condition starts to hold for a certificate by the clock alone (its renewal
-- point, or N days before its expiry), within the rule's horizon.
CREATE TABLE alert_timer (
    rule_id        bigint      NOT NULL REFERENCES alert_rule (id) ON DELETE CASCADE,
    certificate_id bigint      NOT NULL,
    due            timestamptz NOT NULL,
    PRIMARY KEY (rule_id, certificate_id)
);
CREATE INDEX alert_timer_due ON alert_timer (rule_id, due);

-- Edits that change what a filter matches without recording an endpoint (a tag put on or taken
-- off an asset, a tag renamed, an approved CA added or removed, an asset or endpoint deleted)
-- ask every rule for a whole pass: passes compare this with where they last read.
CREATE TABLE alert_sweep_request (
    id    integer     PRIMARY KEY CHECK (id = 1),
    asked timestamptz NOT NULL
);
INSERT INTO alert_sweep_request VALUES (1, now());

CREATE FUNCTION alert_sweep_asked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The clock at the edit, not its transaction's start: a pass that began in between must not
    -- count the edit as read.
    UPDATE alert_sweep_request SET asked = greatest(asked, clock_timestamp()) WHERE id = 1;
    RETURN NULL;
END $$;

CREATE TRIGGER asset_tag_asks_sweep AFTER INSERT OR DELETE ON asset_tag
    FOR EACH STATEMENT EXECUTE FUNCTION alert_sweep_asked();
CREATE TRIGGER tag_asks_sweep AFTER UPDATE OR DELETE ON tag
    FOR EACH STATEMENT EXECUTE FUNCTION alert_sweep_asked();
CREATE TRIGGER approved_ca_asks_sweep AFTER INSERT OR DELETE ON approved_ca
    FOR EACH STATEMENT EXECUTE FUNCTION alert_sweep_asked();
CREATE TRIGGER asset_delete_asks_sweep AFTER DELETE ON asset
    FOR EACH STATEMENT EXECUTE FUNCTION alert_sweep_asked();
CREATE TRIGGER host_instance_delete_asks_sweep AFTER DELETE ON host_instance
    FOR EACH STATEMENT EXECUTE FUNCTION alert_sweep_asked();
