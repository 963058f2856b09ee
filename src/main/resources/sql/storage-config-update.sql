UPDATE storage_config
   SET name = :#name, is_default = :#is_default, settings = :#settings, secrets = :#secrets, updated_at = now()
 WHERE id = :#id AND deleted_at IS NULL
