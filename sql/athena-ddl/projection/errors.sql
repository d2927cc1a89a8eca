-- streamlake Athena DDL: table errors, partition projection on dt (no crawler, no MSCK REPAIR).
-- Generated from conf/schemas/sensor-readings.json by dev.streamlake.tools.ddl.AthenaDdlCli; do not edit.
-- Replace s3://YOUR-BUCKET/lake with your lake.path, or regenerate with --location.

CREATE EXTERNAL TABLE IF NOT EXISTS streamlake.errors (
  `error_type` string COMMENT 'Why the record failed: OVERSIZED, INVALID_UTF8, MALFORMED_JSON, ... (see README).',
  `error_message` string COMMENT 'Details; names the column or the transform step at fault.',
  `payload` string COMMENT 'The raw record: text, or base64 when it is not valid UTF-8.',
  `payload_encoding` string COMMENT 'utf8 or base64.',
  `stream` string COMMENT 'The Kinesis stream it was read from.',
  `shard_id` string COMMENT 'The Kinesis shard it was read from.',
  `sequence_number` string COMMENT 'Its Kinesis sequence number.',
  `partition_key` string COMMENT 'Its Kinesis partition key.',
  `arrival_time` timestamp COMMENT 'When Kinesis received the record (UTC); picks the dt= partition.'
)
COMMENT 'Records that failed parsing, validation or transformation; dt is the arrival hour, UTC.'
PARTITIONED BY (`dt` string COMMENT 'Arrival hour, UTC (yyyy-MM-dd-HH)')
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
  OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://YOUR-BUCKET/lake/errors/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd-HH',
  'projection.dt.range' = '2026-01-01-00,NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'HOURS',
  'storage.location.template' = 's3://YOUR-BUCKET/lake/errors/dt=${dt}'
);
