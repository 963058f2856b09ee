-- for the service's own work (recovery), not for a caller: no organization filter
SELECT * FROM environment WHERE id = :#${exchangeProperty.environmentId}
