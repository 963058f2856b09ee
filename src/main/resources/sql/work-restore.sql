-- a claimed restore or restore check
SELECT * FROM restore WHERE id = :#id
