-- a value of organization_key re-sealed under the new key (SecretKeyRotation)
UPDATE organization_key SET identity_sealed = :#sealed WHERE id::text = :#id
