-- Scan jobs may name a network zone: only a scanner agent of that zone (or a server told to
-- serve it) takes such a job. No zone: the servers' own runners take it, as before.
ALTER TABLE scan_job ADD COLUMN zone text;
-- A job run by a remote agent has no database session whose lock would prove the agent alive;
-- it holds a lease instead, renewed by the agent's heartbeats, and is queued again once it lapses.
ALTER TABLE scan_job ADD COLUMN lease_until timestamptz;
CREATE INDEX scan_job_queued_by_zone ON scan_job (zone, created) WHERE status = 'QUEUED';

-- Scanner agents' credentials: each bound to one zone, revocable, never a user's. Only the
-- SHA-256 of the secret is kept (the secret is 256 random bits, so a slow hash adds nothing and
-- would cost every request of the agent); the public id finds the row, the hash proves the secret.
CREATE TABLE agent_token (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id     text        NOT NULL UNIQUE,
    name          text        NOT NULL,
    zone          text        NOT NULL,
    secret_sha256 text        NOT NULL,
    created_by    text        NOT NULL,
    created       timestamptz NOT NULL DEFAULT now(),
    revoked       timestamptz
);
-- A name is unique among the tokens in force; a revoked token's name may be given again.
CREATE UNIQUE INDEX agent_token_live_name ON agent_token (lower(name)) WHERE revoked IS NULL;
