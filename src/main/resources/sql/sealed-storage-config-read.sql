-- the sealed values of storage_config, locked for their re-sealing under a new key (SecretKeyRotation)
SELECT id::text AS id, secrets AS sealed FROM storage_config WHERE secrets IS NOT NULL FOR UPDATE
