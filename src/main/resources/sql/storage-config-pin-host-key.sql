-- the SFTP host key seen at the first successful login, unless a key was pinned meanwhile
UPDATE storage_config
   SET settings = jsonb_set(settings, '{sftp_host_key_fingerprint}', to_jsonb(CAST(:#fingerprint AS text))), updated_at = now()
 WHERE id = :#id AND settings->>'sftp_host_key_fingerprint' IS NULL
