-- the sealed values of organization_key, locked for their re-sealing under a new key (SecretKeyRotation)
SELECT id::text AS id, identity_sealed AS sealed FROM organization_key WHERE identity_sealed IS NOT NULL FOR UPDATE
