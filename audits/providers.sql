-- Reliability per provider: attempts, error rate and attempt latency percentiles (nearest rank,
-- from CUME_DIST), and failover: of the requests whose first attempt went to the provider, the share
-- answered by another provider (failed_over_away) or not answered at all (failed).
-- Window: the last 30 days; edit '-30 days' (the audit CLI's --since does it for you).
WITH params AS (SELECT unixepoch('now', '-30 days') * 1000 AS since_ms),
tries AS (
  SELECT a.provider, a.ok, a.latency_ms, a.error_kind,
         CUME_DIST() OVER (PARTITION BY a.provider ORDER BY a.latency_ms) AS cd
  FROM attempts a, params
  WHERE a.ts >= params.since_ms
),
by_attempt AS (
  SELECT provider, COUNT(*) AS attempts, SUM(ok = 0) AS failures,
         SUM(error_kind IS 'timeout') AS timeouts, SUM(error_kind IS 'rate_limit') AS rate_limited,
         MIN(CASE WHEN cd >= 0.5 THEN latency_ms END) AS p50_ms,
         MIN(CASE WHEN cd >= 0.9 THEN latency_ms END) AS p90_ms,
         MIN(CASE WHEN cd >= 0.99 THEN latency_ms END) AS p99_ms
  FROM tries GROUP BY provider
),
firsts AS (
  SELECT a.provider AS first_provider, r.provider AS served_by, r.status
  FROM requests r JOIN attempts a ON a.request_id = r.id AND a.attempt_index = 0, params
  WHERE r.ts >= params.since_ms AND r.shadow_of IS NULL
),
by_first AS (
  SELECT first_provider AS provider, COUNT(*) AS primary_requests,
         SUM(status BETWEEN 200 AND 299 AND served_by <> first_provider) AS failed_over_away,
         SUM(NOT (status BETWEEN 200 AND 299)) AS failed
  FROM firsts GROUP BY first_provider
)
SELECT b.provider, b.attempts,
       ROUND(1.0 * b.failures / b.attempts, 4) AS error_rate,
       b.timeouts, b.rate_limited, b.p50_ms, b.p90_ms, b.p99_ms,
       COALESCE(f.primary_requests, 0) AS primary_requests,
       COALESCE(f.failed_over_away, 0) AS failed_over_away,
       ROUND(1.0 * f.failed_over_away / NULLIF(f.primary_requests, 0), 4) AS failover_rate,
       COALESCE(f.failed, 0) AS failed
FROM by_attempt b LEFT JOIN by_first f ON f.provider = b.provider
ORDER BY b.attempts DESC;
