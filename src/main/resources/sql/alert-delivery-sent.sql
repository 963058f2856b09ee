UPDATE alert_delivery SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE seq = :#seq
