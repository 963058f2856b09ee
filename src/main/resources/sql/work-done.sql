-- the work of a backup, restore or check has ended, whatever its outcome (the record says it)
DELETE FROM work_item WHERE id = :#id
