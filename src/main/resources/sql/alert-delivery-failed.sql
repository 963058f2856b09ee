-- another try later (:#retry_seconds), or given up once :#give_up is true; the error kept either way
UPDATE alert_delivery
   SET attempts = attempts + 1, last_error = :#error,
       status = CASE WHEN :#give_up THEN 'failed' ELSE 'pending' END,
       next_attempt_at = now() + make_interval(secs => :#retry_seconds)
 WHERE seq = :#seq
