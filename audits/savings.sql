-- Savings against the all-premium baseline: what the config's baselineModel would have cost for the
-- same tokens, minus what was paid (upstream + classifier), per config version and in total ('*').
-- Window: the last 30 days; edit '-30 days' (the audit CLI's --since does it for you).
-- Shadow comparisons are excluded.
WITH params AS (SELECT unixepoch('now', '-30 days') * 1000 AS since_ms),
routed AS (
  SELECT r.config_version, r.total_cost_usd, r.classifier_cost_usd, r.baseline_cost_usd, r.ts
  FROM requests r, params
  WHERE r.ts >= params.since_ms AND r.shadow_of IS NULL
),
grouped AS (
  SELECT config_version, COUNT(*) AS requests, MIN(ts) AS first_ts, MAX(ts) AS last_ts,
         SUM(total_cost_usd) AS paid, SUM(classifier_cost_usd) AS classifier, SUM(baseline_cost_usd) AS baseline
  FROM routed GROUP BY config_version
  UNION ALL
  SELECT '*', COUNT(*), MIN(ts), MAX(ts), SUM(total_cost_usd), SUM(classifier_cost_usd), SUM(baseline_cost_usd)
  FROM routed
)
SELECT config_version, requests,
       datetime(first_ts / 1000, 'unixepoch') AS first_seen,
       datetime(last_ts / 1000, 'unixepoch') AS last_seen,
       ROUND(paid, 6) AS paid_usd,
       ROUND(classifier, 6) AS classifier_usd,
       ROUND(baseline, 6) AS baseline_usd,
       ROUND(baseline - paid, 6) AS savings_usd,
       ROUND(CASE WHEN baseline > 0 THEN (baseline - paid) / baseline END, 4) AS savings_pct
FROM grouped
WHERE requests > 0
ORDER BY config_version = '*', first_ts;
