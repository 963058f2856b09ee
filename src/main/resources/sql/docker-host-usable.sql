-- the host an environment names, open to its organization (an empty list: to every organization)
SELECT id FROM docker_host
 WHERE id = :#${exchangeProperty.dockerHostId}
   AND (organizations = '[]'::jsonb OR organizations @> jsonb_build_array(CAST(:#${exchangeProperty.environmentRecord[organization_id]} AS text)))
