-- a value of docker_host re-sealed under the new key (SecretKeyRotation)
UPDATE docker_host SET tls_key = :#sealed WHERE id::text = :#id
