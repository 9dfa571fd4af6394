-- Routing configs pushed in the window (rules push / rollback), newest first, with the traffic each
-- version served: the context for any change the other audits show.
-- Window: the last 90 days; edit '-90 days' (the audit CLI's --since does it for you).
WITH params AS (SELECT unixepoch('now', '-90 days') * 1000 AS since_ms),
served AS (
  SELECT r.config_version, COUNT(*) AS requests
  FROM requests r, params
  WHERE r.ts >= params.since_ms AND r.shadow_of IS NULL
  GROUP BY r.config_version
)
SELECT v.version, datetime(v.pushed_at / 1000, 'unixepoch') AS pushed_at, v.pushed_by,
       CASE v.override WHEN 1 THEN 'yes' ELSE '' END AS override, v.note,
       COALESCE(s.requests, 0) AS requests
FROM config_versions v LEFT JOIN served s ON s.config_version = v.version, params
WHERE v.pushed_at >= params.since_ms OR s.requests > 0
ORDER BY v.pushed_at DESC;
