-- every configuration still in use, of every organization: where leftovers of interrupted uploads may lie
SELECT * FROM storage_config WHERE deleted_at IS NULL ORDER BY created_at, id
