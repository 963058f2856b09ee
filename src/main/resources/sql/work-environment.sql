-- the environment a claimed item works in, which must still be of the item's organization
SELECT * FROM environment WHERE id = :#environment_id AND organization_id = :#organization_id
