-- the organization's active age recipient, the one new backups are encrypted to (OrganizationKeys)
SELECT recipient FROM organization_key WHERE organization_id = :#organization_id AND retired_at IS NULL
