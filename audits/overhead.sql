-- What the router itself adds: overhead = total latency - upstream time - classifier time, and the
-- time to first byte the client saw, as percentiles (nearest rank) per rule and overall ('*').
-- Window: the last 30 days; edit '-30 days' (the audit CLI's --since does it for you).
WITH params AS (SELECT unixepoch('now', '-30 days') * 1000 AS since_ms),
routed AS (
  SELECT r.rule, r.overhead_ms, r.ttfb_ms, r.latency_ms
  FROM requests r, params
  WHERE r.ts >= params.since_ms AND r.shadow_of IS NULL
),
scoped AS (
  SELECT rule AS scope, overhead_ms, ttfb_ms, latency_ms FROM routed
  UNION ALL
  SELECT '*', overhead_ms, ttfb_ms, latency_ms FROM routed
),
ranked AS (
  SELECT scope, overhead_ms, ttfb_ms, latency_ms,
         CUME_DIST() OVER (PARTITION BY scope ORDER BY overhead_ms) AS o,
         CUME_DIST() OVER (PARTITION BY scope ORDER BY ttfb_ms) AS t,
         CUME_DIST() OVER (PARTITION BY scope ORDER BY latency_ms) AS l
  FROM scoped
)
SELECT scope AS rule, COUNT(*) AS requests,
       MIN(CASE WHEN o >= 0.5 THEN overhead_ms END) AS overhead_p50_ms,
       MIN(CASE WHEN o >= 0.9 THEN overhead_ms END) AS overhead_p90_ms,
       MIN(CASE WHEN o >= 0.99 THEN overhead_ms END) AS overhead_p99_ms,
       MIN(CASE WHEN t >= 0.5 THEN ttfb_ms END) AS ttfb_p50_ms,
       MIN(CASE WHEN t >= 0.9 THEN ttfb_ms END) AS ttfb_p90_ms,
       MIN(CASE WHEN l >= 0.5 THEN latency_ms END) AS latency_p50_ms,
       MIN(CASE WHEN l >= 0.9 THEN latency_ms END) AS latency_p90_ms
FROM ranked
GROUP BY scope
ORDER BY scope = '*', requests DESC;
