-- which of these tokens are still live: event streams of revoked tokens end (TaskEventStream)
SELECT id FROM api_token WHERE id = ANY (:#ids) AND revoked_at IS NULL
