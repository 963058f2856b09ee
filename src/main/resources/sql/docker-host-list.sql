SELECT * FROM docker_host ORDER BY id LIMIT :#${exchangeProperty.limit} OFFSET :#${exchangeProperty.offset}
