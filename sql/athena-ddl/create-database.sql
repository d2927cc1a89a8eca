-- streamlake Athena DDL: the database.
-- Generated from conf/schemas/sensor-readings.json by dev.streamlake.tools.ddl.AthenaDdlCli; do not edit.
-- Replace s3://YOUR-BUCKET/lake with your lake.path, or regenerate with --location.

CREATE DATABASE IF NOT EXISTS streamlake
  COMMENT 'streamlake lake tables (GZIP JSON lines, hourly dt partitions, UTC)';
