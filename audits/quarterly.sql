-- The quarterly routing audit: for every routing destination (rule x category x served model), the
-- observed cost and quality next to the validation that justified the route (latest evaluation of
-- that category and model), with a flag where a review is due:
--   'no validation on record'     a cheaper model serves a category nobody validated it for
--   'quality below validation'    observed quality more than 0.05 under the validated quality
--                                 (with 20+ feedback rows)
--   'correction rate above 10%'   with 20+ feedback rows
-- Window: the last 90 days; edit '-90 days' (the audit CLI's --since does it for you).
WITH params AS (SELECT unixepoch('now', '-90 days') * 1000 AS since_ms),
routed AS (
  SELECT r.rule, r.category, r.model, r.status BETWEEN 200 AND 299 AS served, r.total_cost_usd,
         r.baseline_cost_usd, f.request_id IS NOT NULL AS rated, f.quality_score, f.needed_correction
  FROM requests r LEFT JOIN feedback f ON f.request_id = r.id, params
  WHERE r.ts >= params.since_ms AND r.shadow_of IS NULL AND r.model <> ''
),
agg AS (
  SELECT rule, category, model, COUNT(*) AS requests,
         SUM(total_cost_usd) AS cost, SUM(baseline_cost_usd) AS baseline,
         AVG(CASE WHEN served THEN total_cost_usd END) AS cost_per_request,
         SUM(served) AS served, SUM(rated) AS feedback,
         AVG(quality_score) AS quality, AVG(needed_correction) AS correction_rate
  FROM routed GROUP BY rule, category, model
),
latest_eval AS (
  SELECT e.category, e.model, e.date, e.quality, e.premium_quality, e.gap, e.sample_size, e.recommendation
  FROM evaluations e
  WHERE e.id = (SELECT e2.id FROM evaluations e2 WHERE e2.category = e.category AND e2.model = e.model
                ORDER BY e2.date DESC, e2.id DESC LIMIT 1)
)
SELECT a.rule, a.category, a.model AS destination, a.requests,
       ROUND(1.0 * a.requests / SUM(a.requests) OVER (), 4) AS traffic_share,
       ROUND(a.cost_per_request, 8) AS cost_per_request,
       ROUND(CASE WHEN a.baseline > 0 THEN (a.baseline - a.cost) / a.baseline END, 4) AS savings_pct,
       a.feedback, ROUND(a.quality, 4) AS quality, ROUND(a.correction_rate, 4) AS correction_rate,
       ROUND(a.cost / NULLIF(a.served * (1.0 - a.correction_rate), 0), 8) AS cost_per_useful_output,
       e.date AS validated_on, e.sample_size AS validation_n, ROUND(e.quality, 4) AS validated_quality,
       ROUND(e.gap, 4) AS validated_gap,
       CASE
         WHEN e.category IS NULL AND a.baseline > a.cost THEN 'no validation on record'
         WHEN a.feedback >= 20 AND a.quality < e.quality - 0.05 THEN 'quality below validation'
         WHEN a.feedback >= 20 AND a.correction_rate > 0.10 THEN 'correction rate above 10%'
         ELSE ''
       END AS review
FROM agg a LEFT JOIN latest_eval e ON e.category = a.category AND e.model = a.model
ORDER BY review = '', a.requests DESC;
