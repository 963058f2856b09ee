-- the first configuration of an organization becomes its default
INSERT INTO storage_config (id, organization_id, name, provider, is_default, settings, secrets)
VALUES (:#id, :#organization_id, :#name, :#provider,
        :#is_default OR NOT EXISTS (SELECT 1 FROM storage_config
                                     WHERE organization_id = :#organization_id AND is_default AND deleted_at IS NULL),
        :#settings, :#secrets)
