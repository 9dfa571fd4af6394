-- One row per request the router answered (or failed), written by the Queue consumer in batches.
-- No prompt or completion text: sizes and a hash only (text goes to `samples`, per-rule opt-in).
-- Times are epoch milliseconds; costs are USD; booleans are 0/1.
CREATE TABLE requests (
  id                       TEXT PRIMARY KEY,
  ts                       INTEGER NOT NULL,
  client_id                TEXT NOT NULL,
  config_version           TEXT NOT NULL,
  rule                     TEXT NOT NULL,
  route                    TEXT NOT NULL,
  category                 TEXT NOT NULL,
  category_source          TEXT NOT NULL,
  classifier_confidence    REAL,
  requested_model          TEXT NOT NULL,
  -- Served model (catalog id) and provider; '' when every attempt failed.
  model                    TEXT NOT NULL,
  provider                 TEXT NOT NULL,
  status                   INTEGER NOT NULL,
  error_code               TEXT,
  streamed                 INTEGER NOT NULL CHECK (streamed IN (0, 1)),
  truncated                INTEGER NOT NULL CHECK (truncated IN (0, 1)),
  input_tokens             INTEGER NOT NULL,
  cached_input_tokens      INTEGER NOT NULL,
  output_tokens            INTEGER NOT NULL,
  cost_usd                 REAL NOT NULL,
  baseline_cost_usd        REAL NOT NULL,
  classifier_cost_usd      REAL NOT NULL,
  classifier_input_tokens  INTEGER NOT NULL,
  classifier_output_tokens INTEGER NOT NULL,
  total_cost_usd           REAL NOT NULL,
  latency_ms               INTEGER NOT NULL,
  ttfb_ms                  INTEGER NOT NULL,
  upstream_ms              INTEGER NOT NULL,
  overhead_ms              INTEGER NOT NULL,
  attempt_count            INTEGER NOT NULL,
  -- 1 when the answer came from another target than the first attempt's (failover, not a retry).
  failed_over              INTEGER NOT NULL CHECK (failed_over IN (0, 1)),
  input_tokens_estimate    INTEGER NOT NULL,
  language                 TEXT NOT NULL,
  prompt_chars             INTEGER NOT NULL,
  prompt_hash              TEXT NOT NULL,
  finish_reason            TEXT,
  -- JSON: the request features that mattered to the decision, and the rule's reason.
  features                 TEXT,
  reason                   TEXT,
  -- Shadow comparisons: the original request's id (audits exclude these rows from routed traffic).
  shadow_of                TEXT,
  has_sample               INTEGER NOT NULL DEFAULT 0,
  -- When the consumer wrote the row: recorded_at - ts is the write path's lag.
  recorded_at              INTEGER NOT NULL
);

CREATE INDEX requests_ts ON requests (ts);
CREATE INDEX requests_rule_ts ON requests (rule, ts);
CREATE INDEX requests_model_ts ON requests (model, ts);
CREATE INDEX requests_provider_ts ON requests (provider, ts);
CREATE INDEX requests_client_ts ON requests (client_id, ts);
CREATE INDEX requests_category_ts ON requests (category, ts);
CREATE INDEX requests_shadow_of ON requests (shadow_of) WHERE shadow_of IS NOT NULL;

-- Every upstream attempt of a request, in order. `ts` repeats the request's time so per-provider
-- windows use the index without a join.
CREATE TABLE attempts (
  request_id    TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  attempt_index INTEGER NOT NULL,
  ts            INTEGER NOT NULL,
  provider      TEXT NOT NULL,
  model         TEXT NOT NULL,
  status        INTEGER NOT NULL,
  ok            INTEGER NOT NULL CHECK (ok IN (0, 1)),
  error_kind    TEXT,
  error         TEXT,
  latency_ms    INTEGER NOT NULL,
  retry         INTEGER NOT NULL,
  breaker_state TEXT,
  PRIMARY KEY (request_id, attempt_index)
);

CREATE INDEX attempts_provider_ts ON attempts (provider, ts);

-- Prompt and completion text, only for rules that opted in (`storeSamples: true`).
CREATE TABLE samples (
  request_id TEXT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
  ts         INTEGER NOT NULL,
  rule       TEXT NOT NULL,
  prompt     TEXT NOT NULL,
  completion TEXT NOT NULL,
  -- 1 when the text was cut to fit a Queue message.
  truncated  INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX samples_rule_ts ON samples (rule, ts);
