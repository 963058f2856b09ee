-- the sealed values of key_check, locked for their re-sealing under a new key (SecretKeyRotation)
SELECT id::text AS id, sealed AS sealed FROM key_check WHERE sealed IS NOT NULL FOR UPDATE
