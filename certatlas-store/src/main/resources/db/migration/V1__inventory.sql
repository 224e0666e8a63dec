-- The inventory: certificates, where they live (assets, interfaces, host instances), what is
-- wrong there (findings), who may see what (users, tags, scopes), and scan jobs.
-- Kept to what a distributed PostgreSQL can shard: bigint keys, no cross-table triggers.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE certificate (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    certhash                  char(64)    NOT NULL UNIQUE,      -- SHA-256 of the DER, lowercase hex
    der                       bytea       NOT NULL,
    serial_number             text        NOT NULL,
    subject_dn                text        NOT NULL,
    subject_name              text        NOT NULL,
    subject_organization      text        NOT NULL,
    subject_organization_unit text[]      NOT NULL,
    subject_locality          text        NOT NULL,
    subject_state             text        NOT NULL,
    subject_country           text        NOT NULL,
    issuer_dn                 text        NOT NULL,
    issuer_name               text        NOT NULL,
    issuer_organization       text        NOT NULL,
    issuer_organization_unit  text[]      NOT NULL,
    issuer_locality           text        NOT NULL,
    issuer_state              text        NOT NULL,
    issuer_country            text        NOT NULL,
    issuer_certhash           char(64),                         -- the issuing certificate, once known
    root_certhash             char(64),                         -- the chain's root, once known
    valid_from                timestamptz NOT NULL,
    valid_to                  timestamptz NOT NULL,
    public_key_algorithm      text        NOT NULL,
    key_size                  integer     NOT NULL,
    signature_algorithm       text        NOT NULL,
    self_signed               boolean     NOT NULL,
    type                      text        NOT NULL CHECK (type IN ('Leaf', 'Intermediate', 'Root')),
    issuer_category           text        NOT NULL,
    extended_validation       boolean     NOT NULL,
    is_ca                     boolean     NOT NULL,
    subject_alternative_names jsonb       NOT NULL DEFAULT '{}', -- {"DNS Name": [...], ...}
    san_values                text[]      NOT NULL DEFAULT '{}', -- every SAN value, lower case, for search
    key_usage                 text[]      NOT NULL DEFAULT '{}',
    enhanced_key_usage        text[]      NOT NULL DEFAULT '{}',
    subject_key_identifier    text        NOT NULL DEFAULT '',
    auth_key_identifier       text        NOT NULL DEFAULT '',
    sources                   text[]      NOT NULL DEFAULT '{}', -- SCAN, IMPORT
    imported                  boolean     NOT NULL DEFAULT false,
    order_status              text        NOT NULL DEFAULT '',
    created                   timestamptz NOT NULL DEFAULT now(),
    updated                   timestamptz NOT NULL DEFAULT now(),
    last_found                timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE asset (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid             uuid        NOT NULL UNIQUE,
    identity         text        NOT NULL UNIQUE,               -- 'ip:10.0.0.1', 'host:web.internal', 'url:https://...'
    name             text        NOT NULL DEFAULT '',
    netbios_name     text        NOT NULL DEFAULT '',
    operating_system text        NOT NULL DEFAULT '',
    was_url          text        NOT NULL DEFAULT '',           -- only web-application assets have one
    primary_ip       inet,
    created          timestamptz NOT NULL DEFAULT now(),
    updated          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE asset_interface (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asset_id bigint NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    hostname text   NOT NULL DEFAULT '',
    address  inet
);
CREATE UNIQUE INDEX asset_interface_identity ON asset_interface (asset_id, hostname, coalesce(host(address), ''));

CREATE TABLE tag (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid    uuid        NOT NULL UNIQUE,
    name    text        NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tag_name_unique ON tag (lower(name));

CREATE TABLE asset_tag (
    asset_id bigint NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    tag_id   bigint NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (asset_id, tag_id)
);
CREATE INDEX asset_tag_by_tag ON asset_tag (tag_id, asset_id);

-- One TLS endpoint of an asset. fqdn is the name it was reached by ('' when by address), so
-- the certificates a server picks by SNI are kept apart.
CREATE TABLE host_instance (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asset_id                 bigint      NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    protocol                 text        NOT NULL DEFAULT 'tcp',
    port                     integer     NOT NULL CHECK (port BETWEEN 0 AND 65535),
    fqdn                     text        NOT NULL DEFAULT '',
    service                  text        NOT NULL DEFAULT '',
    ssl_protocols            text[]      NOT NULL DEFAULT '{}',
    cipher_suites            jsonb       NOT NULL DEFAULT '{}',  -- protocol -> [suite names]
    grade                    text        NOT NULL DEFAULT '',
    grade_with_trust_ignored text        NOT NULL DEFAULT '',
    grade_summary            jsonb,
    scanned                  timestamptz,
    created                  timestamptz NOT NULL DEFAULT now(),
    updated                  timestamptz NOT NULL DEFAULT now(),
    last_found               timestamptz NOT NULL DEFAULT now(),
    UNIQUE (asset_id, protocol, port, fqdn)
);

-- Which certificates an instance serves (position 0 is the leaf). A certificate that stops
-- being served is kept with current = false: its history stays.
CREATE TABLE instance_certificate (
    instance_id    bigint      NOT NULL REFERENCES host_instance (id) ON DELETE CASCADE,
    certificate_id bigint      NOT NULL REFERENCES certificate (id) ON DELETE CASCADE,
    chain_position smallint    NOT NULL,
    current        boolean     NOT NULL DEFAULT true,
    first_found    timestamptz NOT NULL DEFAULT now(),
    last_found     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (instance_id, certificate_id)
);
CREATE INDEX instance_certificate_by_certificate ON instance_certificate (certificate_id, instance_id) WHERE current;

-- A finding (Qualys QID) on an instance. Closed findings stay with status 'FIXED'.
CREATE TABLE finding (
    instance_id bigint      NOT NULL REFERENCES host_instance (id) ON DELETE CASCADE,
    qid         integer     NOT NULL,
    title       text        NOT NULL,
    severity    smallint    NOT NULL CHECK (severity BETWEEN 1 AND 5),
    detail      text        NOT NULL DEFAULT '',
    status      text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'FIXED')),
    first_found timestamptz NOT NULL DEFAULT now(),
    last_found  timestamptz NOT NULL DEFAULT now(),
    fixed       timestamptz,
    PRIMARY KEY (instance_id, qid)
);
CREATE INDEX finding_by_qid ON finding (qid, instance_id) WHERE status = 'ACTIVE';

CREATE TABLE app_user (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid          uuid        NOT NULL UNIQUE,
    username      text        NOT NULL,
    password_hash text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('MANAGER', 'USER')),
    failed_logins integer     NOT NULL DEFAULT 0,
    locked_until  timestamptz,
    created       timestamptz NOT NULL DEFAULT now(),
    updated       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_name_unique ON app_user (lower(username));

-- A user's scope: the tags whose assets (and, through them, certificates) the user may see.
CREATE TABLE user_scope_tag (
    user_id bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    tag_id  bigint NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, tag_id)
);

CREATE TABLE scan_job (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid         uuid        NOT NULL UNIQUE,
    status       text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'FINISHED', 'FAILED', 'CANCELLED')),
    request      jsonb       NOT NULL,
    created_by   text        NOT NULL,
    worker       text,
    heartbeat    timestamptz,
    total        integer     NOT NULL DEFAULT 0,
    done         integer     NOT NULL DEFAULT 0,
    found        integer     NOT NULL DEFAULT 0,
    error        text        NOT NULL DEFAULT '',
    summary      jsonb,
    created      timestamptz NOT NULL DEFAULT now(),
    started      timestamptz,
    finished     timestamptz
);
CREATE INDEX scan_job_queue ON scan_job (created) WHERE status IN ('QUEUED', 'RUNNING');
