-- alerts the token sees (its organization's; all, the platform's included, for the admin), newest first
SELECT id, rule, organization_id, environment_id, subject, status, opened_at, resolved_at, summary, details
  FROM alert
 WHERE (CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
        OR organization_id = :#${exchangeProperty.organizationScope.organizationId})
   AND (CAST(:#${header.status} AS varchar) IS NULL OR status = :#${header.status})
 ORDER BY opened_at DESC, id LIMIT :#${exchangeProperty.limit} OFFSET :#${exchangeProperty.offset}
