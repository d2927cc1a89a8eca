-- The nested attributes column is JSON text: json_extract_scalar reads fields out of it.
SELECT json_extract_scalar(attributes, '$.location.site') AS site,
       json_extract_scalar(attributes, '$.firmware') AS firmware,
       count(*) AS readings,
       count(DISTINCT device_id) AS devices
FROM events
WHERE dt >= date_format(current_timestamp - INTERVAL '1' DAY, '%Y-%m-%d-%H')
GROUP BY 1, 2
ORDER BY 1, 2;
