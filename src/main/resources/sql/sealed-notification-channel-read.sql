-- the sealed values of notification_channel, locked for their re-sealing under a new key (SecretKeyRotation)
SELECT id::text AS id, secrets AS sealed FROM notification_channel WHERE secrets IS NOT NULL FOR UPDATE
