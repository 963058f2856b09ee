-- an interrupted restore whose target is not its backup's organization's: failed without touching anything
UPDATE restore SET status = 'failed', error_message = :#${exchangeProperty.failure}, completed_at = now(), lease_until = NULL
 WHERE id = :#${exchangeProperty.claimed[id]} AND status IN ('pending', 'running')
