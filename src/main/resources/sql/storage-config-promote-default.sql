-- an organization left without a default gets its oldest configuration as the default
UPDATE storage_config SET is_default = true, updated_at = now()
 WHERE id = (SELECT id FROM storage_config WHERE organization_id = :#${exchangeProperty.organizationId} AND deleted_at IS NULL
              ORDER BY created_at, id LIMIT 1)
   AND NOT EXISTS (SELECT 1 FROM storage_config WHERE organization_id = :#${exchangeProperty.organizationId}
                      AND is_default AND deleted_at IS NULL)
