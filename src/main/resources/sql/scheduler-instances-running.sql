-- instances that checked in to the shared scheduler since :#since (epoch ms): they still run on these records
SELECT instance_name FROM qrtz_scheduler_state WHERE last_checkin_time > :#since
