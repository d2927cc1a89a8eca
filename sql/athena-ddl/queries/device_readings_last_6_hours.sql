-- One device's readings over a time range (here the last 6 hours).
-- Both dt bounds prune partitions: Athena lists and reads only the hours in range.
SELECT event_time, reading_id, temperature, humidity, status
FROM events
WHERE dt BETWEEN date_format(current_timestamp - INTERVAL '6' HOUR, '%Y-%m-%d-%H')
             AND date_format(current_timestamp, '%Y-%m-%d-%H')
  AND device_id = 'dev-0007'
ORDER BY event_time, reading_id;
