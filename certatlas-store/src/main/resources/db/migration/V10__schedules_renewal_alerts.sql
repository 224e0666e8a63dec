-- Warn before it breaks: recurring scans, renewal tracking, alert rules, receivers and the
-- delivery outbox. Work that must happen once across several servers on this database (a due
-- schedule, an alert evaluation, a delivery) is claimed with FOR UPDATE SKIP LOCKED or a lease.

-- A named recurring scan. request holds the same JSON as POST /api/v1/scans (targets, ports,
-- exclude, ...); next_run is the next time it is due, moved on by the server that claims it.
CREATE TABLE scan_schedule (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid       uuid        NOT NULL UNIQUE,
    name       text        NOT NULL,
    request    jsonb       NOT NULL,
    cron       text        NOT NULL,
    zone       text        NOT NULL DEFAULT 'UTC',
    enabled    boolean     NOT NULL DEFAULT true,
    next_run   timestamptz NOT NULL,
    created_by text        NOT NULL,
    created    timestamptz NOT NULL DEFAULT now(),
    updated    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX scan_schedule_name_unique ON scan_schedule (lower(name));
CREATE INDEX scan_schedule_due ON scan_schedule (next_run) WHERE enabled;

-- One run of a schedule: the scan job it queued (its counts, error and times are the job's).
CREATE TABLE scan_schedule_run (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schedule_id bigint      NOT NULL REFERENCES scan_schedule (id) ON DELETE CASCADE,
    scan_job_id bigint      REFERENCES scan_job (id) ON DELETE SET NULL,
    due         timestamptz NOT NULL,
    started     timestamptz NOT NULL,
    worker      text        NOT NULL
);
CREATE INDEX scan_schedule_run_by_schedule ON scan_schedule_run (schedule_id, id DESC);
CREATE INDEX scan_schedule_run_by_job ON scan_schedule_run (scan_job_id);

-- Renewal: a certificate whose names (its SAN values, or its subject name when it has none) are
-- all carried by a newer certificate seen served somewhere has a successor. It is renewed once an
-- endpoint that served it serves a successor. Stale and overdue are read from this and from the
-- certificate row (still served, two thirds of its lifetime gone) when asked.
CREATE FUNCTION certificate_names(san_values text[], subject_name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN cardinality(san_values) > 0 THEN san_values ELSE ARRAY[lower(subject_name)] END;
CREATE INDEX certificate_names ON certificate USING gin (certificate_names(san_values, subject_name)) WHERE type = 'Leaf';

CREATE TABLE certificate_renewal (
    certificate_id      bigint      PRIMARY KEY,
    successor_id        bigint      NOT NULL,
    successor_seen      timestamptz NOT NULL,
    renewed             timestamptz,
    renewed_instance_id bigint
);
CREATE INDEX certificate_renewal_renewed ON certificate_renewal (certificate_id) WHERE renewed IS NOT NULL;

-- Up to where the instance links were looked at for successors (one row).
CREATE TABLE renewal_watermark (
    id         integer     PRIMARY KEY CHECK (id = 1),
    seen_until timestamptz NOT NULL
);
INSERT INTO renewal_watermark VALUES (1, '1970-01-01T00:00:00Z');

-- The new leaf links since the watermark are found through this.
CREATE INDEX instance_certificate_leaf_first_found ON instance_certificate (first_found) WHERE chain_position = 0;

-- Where alerts go. settings: the receiver's non-secret settings (URL; SMTP host, port, user,
-- from, to). secret: the webhook signing key or the SMTP password, sealed with AES-GCM under the
-- key in the server's owner-only data directory; never answered by the API.
CREATE TABLE alert_receiver (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid       uuid        NOT NULL UNIQUE,
    name       text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('WEBHOOK', 'EMAIL')),
    settings   jsonb       NOT NULL,
    secret     bytea,
    created_by text        NOT NULL,
    created    timestamptz NOT NULL DEFAULT now(),
    updated    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX alert_receiver_name_unique ON alert_receiver (lower(name));

-- What to watch: certificates matching a QQL filter, a condition with its threshold, where to
-- send, and when (quiet hours hold messages back to their end; a digest gathers them daily).
CREATE TABLE alert_rule (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid        uuid        NOT NULL UNIQUE,
    name        text        NOT NULL,
    filter      text        NOT NULL DEFAULT '',
    condition   text        NOT NULL CHECK (condition IN ('OVERDUE', 'STALE', 'EXPIRES_WITHIN', 'FINDING',
                                                          'GRADE_BELOW', 'NEW_CERTIFICATE')),
    threshold   text        NOT NULL DEFAULT '',
    enabled     boolean     NOT NULL DEFAULT true,
    quiet_start time,
    quiet_end   time,
    zone        text        NOT NULL DEFAULT 'UTC',
    digest_at   time,
    created_by  text        NOT NULL,
    created     timestamptz NOT NULL DEFAULT now(),
    updated     timestamptz NOT NULL DEFAULT now(),
    evaluated   timestamptz
);
CREATE UNIQUE INDEX alert_rule_name_unique ON alert_rule (lower(name));

CREATE TABLE alert_rule_receiver (
    rule_id     bigint NOT NULL REFERENCES alert_rule (id) ON DELETE CASCADE,
    receiver_id bigint NOT NULL REFERENCES alert_receiver (id) ON DELETE CASCADE,
    PRIMARY KEY (rule_id, receiver_id)
);

-- The state machine of one alert: (rule, subject, threshold) fires once when it starts to hold
-- and resolves once when it stops. subject names a certificate ('certificate:<certhash>') or an
-- endpoint ('endpoint:<instance id>:...').
CREATE TABLE alert_state (
    rule_id        bigint      NOT NULL REFERENCES alert_rule (id) ON DELETE CASCADE,
    subject        text        NOT NULL,
    threshold      text        NOT NULL,
    certificate_id bigint,
    instance_id    bigint,
    status         text        NOT NULL CHECK (status IN ('FIRING', 'RESOLVED')),
    details        jsonb       NOT NULL,
    started        timestamptz NOT NULL,
    resolved       timestamptz,
    PRIMARY KEY (rule_id, subject, threshold)
);
CREATE INDEX alert_state_firing ON alert_state (rule_id, subject) WHERE status = 'FIRING';

-- The outbox: one row per message to one receiver, written in the transaction that changed the
-- alert's state, so a crash or a down receiver loses nothing. A server leases a row while it
-- sends; a failure is tried again later (exponential backoff) until it goes DEAD, where an
-- operator reads it (GET /api/v1/alerts/dead-letters).
CREATE TABLE alert_delivery (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid         uuid        NOT NULL UNIQUE,
    rule_id      bigint      REFERENCES alert_rule (id) ON DELETE CASCADE,
    receiver_id  bigint      NOT NULL REFERENCES alert_receiver (id) ON DELETE CASCADE,
    event        text        NOT NULL CHECK (event IN ('FIRING', 'RESOLVED', 'TEST')),
    subject      text        NOT NULL,
    payload      jsonb       NOT NULL,
    digest       boolean     NOT NULL DEFAULT false,
    status       text        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'DEAD')),
    attempts     integer     NOT NULL DEFAULT 0,
    next_attempt timestamptz NOT NULL,
    last_error   text        NOT NULL DEFAULT '',
    lease_owner  text,
    lease_until  timestamptz,
    created      timestamptz NOT NULL DEFAULT now(),
    sent         timestamptz
);
CREATE INDEX alert_delivery_due ON alert_delivery (next_attempt) WHERE status = 'PENDING';
CREATE INDEX alert_delivery_dead ON alert_delivery (id DESC) WHERE status = 'DEAD';
