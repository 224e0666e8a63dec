-- A recurring scan may name the network zone whose scanner agents run it (V16), like a scan job;
-- none: the servers' own runners do. (The column "zone" is the time zone its cron is read in.)
ALTER TABLE scan_schedule ADD COLUMN network_zone text;
