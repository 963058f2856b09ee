-- the sealed values of docker_host, locked for their re-sealing under a new key (SecretKeyRotation)
SELECT id::text AS id, tls_key AS sealed FROM docker_host WHERE tls_key IS NOT NULL FOR UPDATE
