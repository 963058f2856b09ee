-- a storage configuration a claimed backup writes to, its organization's
SELECT * FROM storage_config WHERE id = :#id AND organization_id = :#organization_id
