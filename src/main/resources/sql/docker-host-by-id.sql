-- one Docker host's connection (its key sealed)
SELECT * FROM docker_host WHERE id = :#id
