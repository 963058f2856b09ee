-- a Docker host's last check: up, or down with the reason
UPDATE docker_host SET status = :#status, last_error = NULLIF(:#last_error, ''), checked_at = now() WHERE id = :#id
