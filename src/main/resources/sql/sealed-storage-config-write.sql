-- a value of storage_config re-sealed under the new key (SecretKeyRotation)
UPDATE storage_config SET secrets = :#sealed WHERE id::text = :#id
