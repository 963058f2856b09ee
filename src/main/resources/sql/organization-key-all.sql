-- every identity of the organization, the oldest first (an escrow export)
SELECT recipient, identity_sealed, created_at, retired_at FROM organization_key
WHERE organization_id = :#organization_id ORDER BY created_at
