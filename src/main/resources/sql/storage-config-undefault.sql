-- is_default=true moves the organization's default to this configuration
UPDATE storage_config SET is_default = false, updated_at = now()
 WHERE organization_id = :#organization_id AND is_default AND id <> :#id
