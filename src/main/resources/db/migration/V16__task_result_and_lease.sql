-- Tasks that are not a backup's or a restore's (a storage rescan, docs/api.md §13): their outcome in figures, and a
-- lease that their instance renews while it runs them; one whose lease ran out failed with its instance.
ALTER TABLE task ADD COLUMN result jsonb;
ALTER TABLE task ADD COLUMN lease_until timestamptz;
