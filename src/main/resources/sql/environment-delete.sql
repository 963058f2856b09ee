-- an environment with a backup or restore running stays: it needs its record to finish
DELETE FROM environment e
 WHERE e.id = :#${exchangeProperty.environmentId} AND holder_ended(e.busy_with)
