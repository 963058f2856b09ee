-- records from before the key check: any stored secret says which key they were sealed with
SELECT secrets AS sealed FROM storage_config WHERE secrets IS NOT NULL LIMIT 1
