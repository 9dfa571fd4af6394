-- Validation results ("run representative examples through both models before routing"), one row
-- per (dataset, category, model) comparison against the premium model.
CREATE TABLE evaluations (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset          TEXT NOT NULL,
  -- YYYY-MM-DD the evaluation ran.
  date             TEXT NOT NULL,
  category         TEXT NOT NULL,
  model            TEXT NOT NULL,
  premium_model    TEXT NOT NULL,
  sample_size      INTEGER NOT NULL CHECK (sample_size > 0),
  -- Quality of `model` 0..1 and its confidence interval.
  quality          REAL NOT NULL,
  ci_low           REAL,
  ci_high          REAL,
  premium_quality  REAL,
  -- premium_quality - quality.
  gap              REAL NOT NULL,
  cost_per_example REAL,
  premium_cost_per_example REAL,
  -- e.g. "route", "keep-premium", "split-by-input".
  recommendation   TEXT NOT NULL,
  config_version   TEXT,
  report_path      TEXT,
  report_json      TEXT,
  created_at       INTEGER NOT NULL
);

CREATE INDEX evaluations_category_model_date ON evaluations (category, model, date);

-- Every routing config pushed to KV (`rules push` / `rules rollback`).
CREATE TABLE config_versions (
  version   TEXT PRIMARY KEY,
  pushed_at INTEGER NOT NULL,
  pushed_by TEXT NOT NULL,
  note      TEXT,
  -- 1 when the push overrode a failing validation gate.
  override  INTEGER NOT NULL DEFAULT 0 CHECK (override IN (0, 1)),
  json      TEXT
);

CREATE INDEX config_versions_pushed_at ON config_versions (pushed_at);
