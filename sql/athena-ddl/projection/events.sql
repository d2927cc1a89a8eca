-- streamlake Athena DDL: table events, partition projection on dt (no crawler, no MSCK REPAIR).
-- Generated from conf/schemas/sensor-readings.json by dev.streamlake.tools.ddl.AthenaDdlCli; do not edit.
-- Replace s3://YOUR-BUCKET/lake with your lake.path, or regenerate with --location.

CREATE EXTERNAL TABLE IF NOT EXISTS streamlake.events (
  `reading_id` string COMMENT 'Unique id of the reading, set by the device.',
  `device_id` string COMMENT 'The sensor; the record key.',
  `event_time` timestamp COMMENT 'When the reading was taken (input field ts); picks the dt= partition.',
  `temperature` double COMMENT 'Degrees Celsius.',
  `humidity` double COMMENT 'Relative humidity, percent.',
  `pressure` double COMMENT 'Hectopascals.',
  `battery_mv` int COMMENT 'Battery voltage, millivolts.',
  `seq` bigint COMMENT 'Per-device message counter.',
  `status` string COMMENT 'OK, WARN, FAULT or TEST; OK when absent.',
  `online` boolean COMMENT 'Whether the device was on mains power.',
  `owner_email` string COMMENT 'PII: masked by default config.',
  `attributes` string COMMENT 'Free-form nested object (firmware, location, ...), kept as JSON text.',
  `arrival_time` timestamp COMMENT 'When Kinesis received the record.',
  `shard_id` string COMMENT 'The Kinesis shard it was read from.',
  `sequence_number` string COMMENT 'Its Kinesis sequence number.',
  `anomaly_score` double COMMENT 'Random Cut Forest anomaly score of the record within its key; 0 during warm-up, null when a feature was missing.',
  `anomaly_explanation` string COMMENT 'KDA-style JSON: per feature DIRECTION, STRENGTH, ATTRIBUTION_SCORE; null for rows not explained (scoring.explain).',
  `hotspots_result` string COMMENT 'The HOTSPOTS_RESULT JSON of KDA: the hotspots of the window ending at this event (density, maxValues, minValues per hotspot).'
)
COMMENT 'Valid, transformed records (events schema); dt is the event hour, UTC.'
PARTITIONED BY (`dt` string COMMENT 'Event hour, UTC (yyyy-MM-dd-HH)')
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
  OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://YOUR-BUCKET/lake/events/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd-HH',
  'projection.dt.range' = '2026-01-01-00,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'HOURS',
  'storage.location.template' = 's3://YOUR-BUCKET/lake/events/dt=${dt}'
);
