-- p99 temperature per device and hour over the last 24 hours (approximate, as in Athena).
SELECT device_id, dt, approx_percentile(temperature, 0.99) AS p99_temperature, count(*) AS readings
FROM events
WHERE dt >= date_format(current_timestamp - INTERVAL '1' DAY, '%Y-%m-%d-%H')
  AND temperature IS NOT NULL
GROUP BY device_id, dt
ORDER BY device_id, dt;
