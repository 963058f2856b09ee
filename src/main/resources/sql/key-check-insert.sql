-- the first instance seals the known text; another instance may have done so at the same moment
INSERT INTO key_check (id, sealed) VALUES (1, :#sealed) ON CONFLICT DO NOTHING
