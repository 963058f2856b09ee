UPDATE docker_host SET name = :#name, url = :#url, tls_ca = :#tls_ca, tls_cert = :#tls_cert, tls_key = :#tls_key,
       max_concurrent = :#max_concurrent, organizations = CAST(:#organizations AS jsonb), status = NULL, last_error = NULL,
       updated_at = now()
 WHERE id = :#id
