-- one Docker host for the admin's API
SELECT * FROM docker_host WHERE id = :#${exchangeProperty.dockerHostId}
