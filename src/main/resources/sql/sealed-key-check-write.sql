-- a value of key_check re-sealed under the new key (SecretKeyRotation)
UPDATE key_check SET sealed = :#sealed WHERE id::text = :#id
