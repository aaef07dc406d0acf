-- The region of one alert (any region: the caller filters by its own).
SELECT region_code FROM layoff_alerts WHERE alert_id = $alert_id
