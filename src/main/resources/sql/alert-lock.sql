-- One evaluation (or one delivery round) at a time across instances; false: another instance is at it now.
SELECT pg_try_advisory_xact_lock(hashtext(:#purpose)) AS held
