SELECT count(*) FROM docker_host
