-- streamlake Athena DDL: partitions of the plain tables (not needed with projection).
-- Generated from conf/schemas/sensor-readings.json by dev.streamlake.tools.ddl.AthenaDdlCli; do not edit.
-- Replace s3://YOUR-BUCKET/lake with your lake.path, or regenerate with --location.

-- Either register each new hour as it starts (cheap; the hour below is an example):
ALTER TABLE streamlake.events ADD IF NOT EXISTS PARTITION (dt = '2026-11-27-09') LOCATION 's3://YOUR-BUCKET/lake/events/dt=2026-11-27-09/';
ALTER TABLE streamlake.errors ADD IF NOT EXISTS PARTITION (dt = '2026-11-27-09') LOCATION 's3://YOUR-BUCKET/lake/errors/dt=2026-11-27-09/';
ALTER TABLE streamlake.anomalies ADD IF NOT EXISTS PARTITION (dt = '2026-11-27-09') LOCATION 's3://YOUR-BUCKET/lake/anomalies/dt=2026-11-27-09/';
ALTER TABLE streamlake.hotspots ADD IF NOT EXISTS PARTITION (dt = '2026-11-27-09') LOCATION 's3://YOUR-BUCKET/lake/hotspots/dt=2026-11-27-09/';

-- or let Athena find every dt=... folder (lists the whole table; slow on big lakes):
MSCK REPAIR TABLE streamlake.events;
MSCK REPAIR TABLE streamlake.errors;
MSCK REPAIR TABLE streamlake.anomalies;
MSCK REPAIR TABLE streamlake.hotspots;
