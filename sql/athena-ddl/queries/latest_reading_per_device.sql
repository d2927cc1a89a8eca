-- The latest reading of every device heard from in the last 24 hours.
SELECT device_id, event_time, reading_id, temperature, humidity, battery_mv
FROM (
  SELECT device_id, event_time, reading_id, temperature, humidity, battery_mv,
         row_number() OVER (PARTITION BY device_id ORDER BY event_time DESC, reading_id DESC) AS rn
  FROM events
  WHERE dt >= date_format(current_timestamp - INTERVAL '1' DAY, '%Y-%m-%d-%H')
) latest
WHERE rn = 1
ORDER BY device_id;
