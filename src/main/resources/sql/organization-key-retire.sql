-- the active identity retired by a rotation: it still opens older backups
UPDATE organization_key SET retired_at = now() WHERE organization_id = :#organization_id AND retired_at IS NULL
