-- the known text sealed with the key the records were sealed with (KeyCheck)
SELECT sealed FROM key_check WHERE id = 1
