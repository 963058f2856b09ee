SELECT * FROM storage_config WHERE id = :#${exchangeProperty.backup[storage_config_id]}
