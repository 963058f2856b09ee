-- whether the records hold a backup of this id (a rescan re-creates only what they lack)
SELECT id FROM backup WHERE id = :#id
