-- Athena DDL: the errors table with lake.errors.format=parquet.
-- Written by hand (issue 6); to be folded into the generator of sql/athena-ddl/. Columns are
-- FailedRecordEncoder.COLUMNS; dt is the arrival hour, UTC. Replace <bucket>/<prefix>.
CREATE EXTERNAL TABLE IF NOT EXISTS errors (
  error_type       string,
  error_message    string,
  payload          string,
  payload_encoding string,
  stream           string,
  shard_id         string,
  sequence_number  string,
  partition_key    string,
  arrival_time     timestamp
)
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION 's3://<bucket>/<prefix>/errors/'
TBLPROPERTIES (
  'projection.enabled'          = 'true',
  'projection.dt.type'          = 'date',
  'projection.dt.format'        = 'yyyy-MM-dd-HH',
  'projection.dt.range'         = '2026-01-01-00,NOW',
  'projection.dt.interval'      = '1',
  'projection.dt.interval.unit' = 'HOURS',
  'storage.location.template'   = 's3://<bucket>/<prefix>/errors/dt=${dt}'
);
