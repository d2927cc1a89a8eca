-- Athena DDL: the events table with lake.events.format=parquet.
-- Written by hand (issue 6); to be folded into the generator of sql/athena-ddl/ so that it is
-- derived from conf/schemas/sensor-readings.json like the JSON DDL. Columns, order and types are
-- those of the schema (json columns are string); partitions as the JSON table (LakeLayout).
-- Replace <bucket>/<prefix> and the projection start.
--
-- Parquet types written by the job (job/.../sink/ParquetTables): string/json -> BINARY (STRING),
-- bigint -> INT64, int -> INT32, double -> DOUBLE, boolean -> BOOLEAN,
-- timestamp -> INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=true), read by Athena engine 3 into
-- `timestamp` in UTC, the same values as the JSON table's 'yyyy-MM-dd HH:mm:ss.SSS' text.
-- Parquet maps columns by name, so the column order below is only for readability.
CREATE EXTERNAL TABLE IF NOT EXISTS events (
  reading_id      string,
  device_id       string,
  event_time      timestamp,
  temperature     double,
  humidity        double,
  pressure        double,
  battery_mv      int,
  seq             bigint,
  status          string,
  online          boolean,
  owner_email     string,
  attributes      string,
  arrival_time    timestamp,
  shard_id        string,
  sequence_number string
)
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION 's3://<bucket>/<prefix>/events/'
TBLPROPERTIES (
  'projection.enabled'          = 'true',
  'projection.dt.type'          = 'date',
  'projection.dt.format'        = 'yyyy-MM-dd-HH',
  'projection.dt.range'         = '2026-01-01-00,NOW',
  'projection.dt.interval'      = '1',
  'projection.dt.interval.unit' = 'HOURS',
  'storage.location.template'   = 's3://<bucket>/<prefix>/events/dt=${dt}'
);
