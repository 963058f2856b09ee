-- Containers are an organization's by their Docker label odoo-backup.organization; only the admin token may
-- register containers without it, and the environment then says so. Environments registered before this
-- version have no such consent: their containers need the label, or the admin registers them again.
ALTER TABLE environment ADD COLUMN allow_unlabelled boolean NOT NULL DEFAULT false;

-- A value sealed with BACKUP_SECRET_KEY when the records were first used: an instance whose key cannot open
-- it refuses to start, instead of failing each backup that needs a stored secret.
CREATE TABLE key_check (
    id         integer     PRIMARY KEY CHECK (id = 1),
    sealed     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
