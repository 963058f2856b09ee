DELETE FROM event_outbox WHERE seq = :#${exchangeProperty.seq}
