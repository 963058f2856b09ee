UPDATE retention_sweep_lease SET held_since = NULL WHERE id = 1
