-- a value of notification_channel re-sealed under the new key (SecretKeyRotation)
UPDATE notification_channel SET secrets = :#sealed WHERE id::text = :#id
