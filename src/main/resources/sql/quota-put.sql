INSERT INTO organization_quota (organization_id, quota_bytes) VALUES (:#${exchangeProperty.organizationId}, :#${exchangeProperty.quotaBytes})
ON CONFLICT (organization_id) DO UPDATE SET quota_bytes = excluded.quota_bytes, updated_at = now()
