-- the outbox is delivered by one instance at a time, so that events leave in order: this one while its lease lasts
UPDATE event_delivery_lease SET holder = :#${exchangeProperty.instanceId}, held_until = now() + interval '30 seconds'
 WHERE id = 1 AND (holder IS NULL OR holder = :#${exchangeProperty.instanceId} OR held_until < now())
