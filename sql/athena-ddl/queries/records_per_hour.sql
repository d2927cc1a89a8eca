-- Records per hour (event time, UTC) over the last 24 hours.
-- The dt condition picks partitions: Athena reads only those hours.
SELECT dt, count(*) AS records
FROM events
WHERE dt >= date_format(current_timestamp - INTERVAL '1' DAY, '%Y-%m-%d-%H')
GROUP BY dt
ORDER BY dt;
