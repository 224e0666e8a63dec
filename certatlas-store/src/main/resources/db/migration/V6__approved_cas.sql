-- A manager's list of approved issuing CAs (Certificate View's "Approved CAs"): a certificate
-- whose chain leads to one of them is issuerCategory 'approved', any other that is not
-- self-signed 'unapproved' (QueryCompiler). A CA is named by its certificate, which must be in the
-- inventory; certificates are never deleted, the cascade only guards a hand-made clean-up.
CREATE TABLE approved_ca (
    certhash    char(64)    PRIMARY KEY REFERENCES certificate (certhash) ON DELETE CASCADE,
    approved_by text        NOT NULL,
    approved    timestamptz NOT NULL DEFAULT now()
);

-- The filter walks down from the approved CAs to every CA below them (a handful of rows); without
-- this each step would read the whole certificate table. Only CA rows are indexed, so it stays small.
CREATE INDEX certificate_issuer_of_ca ON certificate (issuer_certhash) WHERE is_ca;
