-- every Docker host, for the health check
SELECT id FROM docker_host ORDER BY id
