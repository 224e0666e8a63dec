-- Tokens name the account by its uuid and carry its token generation: a password, role or scope
-- change advances the generation, and every token issued before it stops working.
ALTER TABLE app_user ADD COLUMN token_generation bigint NOT NULL DEFAULT 0;

-- Failed logins are counted per subject: an account ('account:<id>'), a name that belongs to no
-- account ('name:<sha-256 of the lower-case name>', so that an unknown name locks exactly as a
-- known one does), and a client address ('address:<ip or IPv6 /64>'). A guess is counted here,
-- in one statement, before its password is checked; a locked subject gets no check at all.
CREATE TABLE login_throttle (
    subject      text        PRIMARY KEY,
    failures     integer     NOT NULL,
    locked_until timestamptz,
    updated      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_throttle_by_age ON login_throttle (updated);

ALTER TABLE app_user DROP COLUMN failed_logins, DROP COLUMN locked_until;
