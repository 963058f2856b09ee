SELECT count(*) FROM notification_channel WHERE organization_id = :#${exchangeProperty.organizationId}
