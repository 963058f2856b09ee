-- the organization's retired recipients, the most recently retired first
SELECT recipient FROM organization_key WHERE organization_id = :#organization_id AND retired_at IS NOT NULL
ORDER BY retired_at DESC
