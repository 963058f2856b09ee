INSERT INTO docker_host (id, name, url, tls_ca, tls_cert, tls_key, max_concurrent, organizations)
VALUES (:#id, :#name, :#url, :#tls_ca, :#tls_cert, :#tls_key, :#max_concurrent, CAST(:#organizations AS jsonb))
