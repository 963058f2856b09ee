-- the next alert messages due, oldest first, each with its alert as it was at that transition (an opening sent after
-- its alert resolved still says open) and its channel
SELECT d.seq, d.transition, d.attempts,
       to_jsonb(a) || CASE d.transition WHEN 'opened' THEN jsonb_build_object('status', 'open', 'resolved_at', NULL)
                                        ELSE '{}' END AS alert, ch.id AS channel_id, ch.kind, ch.name, ch.organization_id,
       ch.settings, ch.secrets
  FROM alert_delivery d JOIN alert a ON a.id = d.alert_id JOIN notification_channel ch ON ch.id = d.channel_id
 WHERE d.status = 'pending' AND d.next_attempt_at <= now()
 ORDER BY d.seq
 LIMIT 50
