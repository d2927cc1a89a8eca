-- streamlake Athena DDL: table errors as Apache Iceberg, hidden partitioning by hour(arrival_time).
-- Generated from conf/schemas/sensor-readings.json by dev.streamlake.tools.ddl.AthenaDdlCli; do not edit.
-- Replace s3://YOUR-BUCKET/lake with your lake.path, or regenerate with --location.

-- Records that failed parsing, validation or transformation; partitioned by the arrival hour, UTC.
CREATE TABLE IF NOT EXISTS streamlake.errors (
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
PARTITIONED BY (hour(`arrival_time`))
LOCATION 's3://YOUR-BUCKET/lake/errors/'
TBLPROPERTIES (
  'table_type' = 'ICEBERG',
  'format' = 'parquet',
  'write_compression' = 'snappy'
);
