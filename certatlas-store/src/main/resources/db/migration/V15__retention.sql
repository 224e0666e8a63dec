-- How long history is kept, shared by every server on the database (one row). Days; 0 keeps that
-- history for ever. job_days: finished scan jobs, schedule runs and alert messages sent. history_days:
-- what an inventory keeps as history: certificates an endpoint no longer serves, fixed findings,
-- resolved alerts, dead alert messages, full key-audit runs: kept for ever until an operator sets a
-- number, since an upgrade must not start deleting a store's history unasked. last_pruned is the
-- daily claim: the server that moves it prunes, the others skip that day.
CREATE TABLE retention_policy (
    singleton    boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    job_days     integer     NOT NULL DEFAULT 90 CHECK (job_days BETWEEN 0 AND 36500),
    history_days integer     NOT NULL DEFAULT 0 CHECK (history_days BETWEEN 0 AND 36500),
    last_pruned  timestamptz,
    updated      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO retention_policy DEFAULT VALUES;

-- The pruning reads only what it removes: each kind of old row found through a partial index on its
-- age, never by a scan of the whole table.
CREATE INDEX scan_job_finished ON scan_job (finished) WHERE status IN ('FINISHED', 'FAILED', 'CANCELLED');
CREATE INDEX scan_schedule_run_started ON scan_schedule_run (started);
CREATE INDEX alert_delivery_sent ON alert_delivery (sent) WHERE status = 'SENT';
CREATE INDEX alert_delivery_dead_created ON alert_delivery (created) WHERE status = 'DEAD';
CREATE INDEX finding_fixed ON finding (fixed) WHERE status = 'FIXED';
CREATE INDEX instance_certificate_superseded ON instance_certificate (last_found) WHERE NOT current;
CREATE INDEX alert_state_resolved ON alert_state (resolved) WHERE status = 'RESOLVED';
