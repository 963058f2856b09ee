-- a channel of the path's organization (exchangeProperty.organizationId, already one the token sees)
SELECT * FROM notification_channel WHERE id = :#${header.id} AND organization_id = :#${exchangeProperty.organizationId}
