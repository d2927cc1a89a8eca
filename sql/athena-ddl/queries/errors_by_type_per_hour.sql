-- Failed records by error_type per hour (arrival time, UTC) over the last 24 hours.
SELECT dt, error_type, count(*) AS errors
FROM errors
WHERE dt >= date_format(current_timestamp - INTERVAL '1' DAY, '%Y-%m-%d-%H')
GROUP BY dt, error_type
ORDER BY dt, error_type;
