SELECT count(*) FROM restore
 WHERE target_environment_id = :#${exchangeProperty.environmentId} AND kind = 'restore'
   AND organization_id = :#${exchangeProperty.environment[organization_id]}
