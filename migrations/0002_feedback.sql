-- Quality feedback from clients (POST /v1/feedback): one row per request, immutable once written.
CREATE TABLE feedback (
  request_id          TEXT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
  client_id           TEXT NOT NULL,
  quality_score       REAL NOT NULL CHECK (quality_score >= 0 AND quality_score <= 1),
  needed_correction   INTEGER NOT NULL CHECK (needed_correction IN (0, 1)),
  correction_cost_usd REAL CHECK (correction_cost_usd IS NULL OR correction_cost_usd >= 0),
  comment             TEXT,
  created_at          INTEGER NOT NULL
);

CREATE INDEX feedback_created_at ON feedback (created_at);
