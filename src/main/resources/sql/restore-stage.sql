-- recorded before the step it names: a restarted instance finishes or rolls back from there
UPDATE restore SET stage = :#${exchangeProperty.restore.stage}
 WHERE id = :#${exchangeProperty.restore.restoreId} AND status = 'running' AND instance_id = :#${bean:leases?method=getInstanceId}
