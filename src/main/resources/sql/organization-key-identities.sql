-- every sealed identity of the organization, the newest first: what may open its backups
SELECT identity_sealed FROM organization_key WHERE organization_id = :#organization_id ORDER BY created_at DESC
