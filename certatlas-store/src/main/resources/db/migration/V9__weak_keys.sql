-- Weak keys across the inventory (issue 23): every certificate's public key, what the key checks
-- found in it, and the RSA moduli the batch GCD works on. Factors are never stored: only that a
-- key is broken and why.

CREATE TABLE certificate_key (
    certificate_id bigint      PRIMARY KEY REFERENCES certificate (id) ON DELETE CASCADE,
    spki_sha256    char(64)    NOT NULL,               -- SHA-256 of the DER SubjectPublicKeyInfo: the key's identity
    algorithm      text        NOT NULL,               -- RSA, EC, or the algorithm OID
    rsa_modulus    bytea,                              -- big-endian, for the batch GCD; NULL for other keys
    weaknesses     text[]      NOT NULL DEFAULT '{}',  -- KeyWeakness values: SharedPrime, RocaFingerprint, ...
    details        jsonb       NOT NULL DEFAULT '{}',  -- weakness -> why, as shown in the finding
    audited        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificate_key_by_spki ON certificate_key (spki_sha256);
-- Hash, not B-tree: a hostile certificate's modulus may be longer than a B-tree entry allows.
CREATE INDEX certificate_key_by_modulus ON certificate_key USING hash (rsa_modulus);
CREATE INDEX certificate_key_weak ON certificate_key (certificate_id) WHERE weaknesses <> '{}';

-- The same weaknesses on the certificate, plus 'Factorable' when a check found a factor, for the
-- QQL token keyWeakness. Kept in step by the key audit.
ALTER TABLE certificate ADD COLUMN key_weaknesses text[] NOT NULL DEFAULT '{}';
CREATE INDEX certificate_key_weaknesses ON certificate USING gin (key_weaknesses) WHERE key_weaknesses <> '{}';

-- One row per full batch GCD run over the whole population (the background recomputation).
CREATE TABLE key_audit_run (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started     timestamptz NOT NULL,
    finished    timestamptz NOT NULL,
    moduli      integer     NOT NULL,
    shared      integer     NOT NULL,                  -- moduli found sharing a prime
    arithmetic  text        NOT NULL                   -- gmp or jdk
);
