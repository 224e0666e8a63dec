-- What the renewal ledger's last refresh left in the window the next one reads (the leaf links
-- first found after seen_until less the margin: how many, and the newest), so that a refresh by any
-- server, after any restart, reads nothing when nothing was recorded since. -1: not known, read it.
ALTER TABLE renewal_watermark
    ADD COLUMN window_links  bigint NOT NULL DEFAULT -1,
    ADD COLUMN window_newest timestamptz;
