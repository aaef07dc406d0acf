-- Alerts stored for $period by scope kind and level: what watch-layoffs reports as the period's
-- state (a re-run that writes nothing still shows the levels the table holds).
SELECT scope_kind, level, count(*) AS n
FROM layoff_alerts
WHERE period = $period
GROUP BY scope_kind, level;
