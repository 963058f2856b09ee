SELECT * FROM notification_channel WHERE organization_id = :#${exchangeProperty.organizationId}
 ORDER BY created_at, id LIMIT :#${exchangeProperty.limit} OFFSET :#${exchangeProperty.offset}
