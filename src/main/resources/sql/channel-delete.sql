-- a channel and what it had still to send
WITH gone AS (DELETE FROM notification_channel WHERE id = :#${header.id} AND organization_id = :#${exchangeProperty.organizationId} RETURNING id)
DELETE FROM alert_delivery WHERE channel_id IN (SELECT id FROM gone) AND status = 'pending'
