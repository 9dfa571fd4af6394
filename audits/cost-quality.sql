-- Cost and quality per routing rule, task category and served model (the routing guide's
-- "cost per routed request and quality score for each routing destination").
-- Window: the last 30 days; edit '-30 days' (the audit CLI's --since does it for you).
--   cost_per_request        average total cost (upstream + classifier) of answered (2xx) requests
--   correction_rate         share of rated outputs that needed human correction
--   cost_per_useful_output  total cost / estimated useful outputs, where useful outputs =
--                           answered requests x (1 - correction_rate); NULL without feedback
--   savings_usd/_pct        what the all-premium baseline would have cost minus what we paid
-- Shadow comparisons are excluded. Run: wrangler d1 execute DB --local --file audits/cost-quality.sql
-- (remote: --remote --command "$(cat audits/cost-quality.sql)"; --remote --file does not return rows)
WITH params AS (SELECT unixepoch('now', '-30 days') * 1000 AS since_ms),
routed AS (
  SELECT r.rule, r.category, CASE WHEN r.model = '' THEN '(failed)' ELSE r.model END AS model,
         r.status BETWEEN 200 AND 299 AS served, r.total_cost_usd, r.baseline_cost_usd,
         r.classifier_cost_usd, f.request_id IS NOT NULL AS rated, f.quality_score,
         f.needed_correction, f.correction_cost_usd
  FROM requests r LEFT JOIN feedback f ON f.request_id = r.id, params
  WHERE r.ts >= params.since_ms AND r.shadow_of IS NULL
),
dims (dimension) AS (VALUES ('rule'), ('category'), ('model')),
keyed AS (
  SELECT d.dimension,
         CASE d.dimension WHEN 'rule' THEN x.rule WHEN 'category' THEN x.category ELSE x.model END AS value,
         x.*
  FROM routed x CROSS JOIN dims d
),
agg AS (
  SELECT dimension, value,
         COUNT(*) AS requests,
         SUM(served) AS served,
         SUM(total_cost_usd) AS total_cost_usd,
         SUM(classifier_cost_usd) AS classifier_cost_usd,
         SUM(baseline_cost_usd) AS baseline_cost_usd,
         AVG(CASE WHEN served THEN total_cost_usd END) AS cost_per_request,
         SUM(rated) AS feedback,
         AVG(quality_score) AS quality,
         AVG(needed_correction) AS correction_rate,
         SUM(correction_cost_usd) AS correction_cost_usd
  FROM keyed GROUP BY dimension, value
)
SELECT dimension, value, requests, served,
       ROUND(1.0 - 1.0 * served / requests, 4) AS error_rate,
       ROUND(total_cost_usd, 6) AS total_cost_usd,
       ROUND(cost_per_request, 8) AS cost_per_request,
       ROUND(baseline_cost_usd - total_cost_usd, 6) AS savings_usd,
       ROUND(CASE WHEN baseline_cost_usd > 0 THEN (baseline_cost_usd - total_cost_usd) / baseline_cost_usd END, 4) AS savings_pct,
       feedback,
       ROUND(quality, 4) AS quality,
       ROUND(correction_rate, 4) AS correction_rate,
       ROUND(total_cost_usd / NULLIF(served * (1.0 - correction_rate), 0), 8) AS cost_per_useful_output,
       ROUND(correction_cost_usd, 2) AS correction_cost_usd
FROM agg
ORDER BY dimension, total_cost_usd DESC, value;
