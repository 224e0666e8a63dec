-- The overview's "still served after renewal": for every subject name, its newest leaf. With
-- leaves kept in this order PostgreSQL reads the newest of each name from the index instead of
-- sorting every leaf on each count.
CREATE INDEX certificate_leaf_by_name ON certificate (subject_name, valid_from DESC, id DESC) WHERE type = 'Leaf';
