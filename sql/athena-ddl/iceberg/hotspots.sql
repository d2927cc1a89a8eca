-- streamlake Athena DDL: table hotspots as Apache Iceberg, hidden partitioning by hour(event_time).
-- Generated from conf/schemas/sensor-readings.json by dev.streamlake.tools.ddl.AthenaDdlCli; do not edit.
-- Replace s3://YOUR-BUCKET/lake with your lake.path, or regenerate with --location.

-- Hotspots that appeared, moved or disappeared (only with hotspots.enabled); partitioned by the event hour, UTC.
CREATE TABLE IF NOT EXISTS streamlake.hotspots (
  `event_time` timestamp COMMENT 'When the event that changed the hotspot was taken; picks the dt= partition.',
  `window_key` string COMMENT 'The window: empty for the global one (hotspots.scope GLOBAL), else the record key.',
  `change_type` string COMMENT 'APPEARED, MOVED (its bounds changed) or DISAPPEARED.',
  `hotspot_id` bigint COMMENT 'Follows one hotspot while it lives, within its window.',
  `points` int COMMENT 'Events in the hotspot (core and border points).',
  `density` double COMMENT 'Points divided by the size of the hotspot (docs/HOTSPOTS.md).',
  `hotspot_columns` string COMMENT 'The hotspot columns, separated by semicolons.',
  `min_values` string COMMENT 'JSON array: the smallest value per hotspot column.',
  `max_values` string COMMENT 'JSON array: the largest value per hotspot column.'
)
PARTITIONED BY (hour(`event_time`))
LOCATION 's3://YOUR-BUCKET/lake/hotspots/'
TBLPROPERTIES (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'snappy'
);
