-- "Every certificate under a domain" (subject.name:*.dept050.example.com) is the commonest
-- question asked of an inventory, and its pattern starts with a wildcard, so only the trigram
-- index could serve it: every certificate sharing the pattern's trigrams (all of ".example.com")
-- was read and rechecked, 30-37 ms per page on the 1,000,000-certificate inventory under load.
-- Reversed, the pattern's ending is a prefix, which a B-tree finds as one range. The query
-- compiler tests such an ending there (QueryCompiler.subjectName).
--
-- Built at start, before the server answers (about 3 s on 1,000,000 certificates); analysed
-- so that the planner knows how many names share an ending.
--
-- Only the name's last 256 characters are indexed: a B-tree entry holds at most 2,704 bytes, and
-- a hostile peer's certificate may carry a subject name of many kilobytes, which a whole-name
-- index would refuse to store (and the certificate with it). An ending of up to 256 characters
-- is the same test on those last 256.
CREATE INDEX certificate_subject_name_reversed ON certificate (reverse(lower(right(subject_name, 256))) text_pattern_ops);
ANALYZE certificate;
