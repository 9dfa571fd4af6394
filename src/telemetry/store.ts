import {
  ATTEMPT_COLUMNS,
  REQUEST_COLUMNS,
  SAMPLE_COLUMNS,
  attemptRows,
  readRow,
  sampleRows,
  type Column,
  type SqlValue,
} from "./columns";
import type { AttemptRecord } from "../dispatch/types";
import type { RequestRecord } from "./types";

/**
 * Rows travel to D1 as one JSON array per statement, unpacked with `json_each`: a batch of 100
 * records is a handful of statements (D1 allows 100 bound parameters per statement and, on the free
 * plan, 50 queries per invocation), and every statement stays well under D1's 1 MB value limit.
 */
const MAX_JSON_BYTES = 512 * 1024;
const encoder = new TextEncoder();

function insertSql(table: string, columns: Column<never>[], extra: string[] = []): string {
  const names = [...columns.map((c) => c.name), ...extra];
  const values = columns.map((_, i) => `value ->> ${i}`);
  const extraValues = extra.map((_, i) => `?${i + 2}`);
  return `INSERT OR IGNORE INTO ${table} (${names.join(", ")}) SELECT ${[...values, ...extraValues].join(", ")} FROM json_each(?1)`;
}

const REQUESTS_SQL = insertSql("requests", REQUEST_COLUMNS as Column<never>[], ["recorded_at"]);
const ATTEMPTS_SQL = insertSql("attempts", ATTEMPT_COLUMNS as Column<never>[]);
const SAMPLES_SQL = insertSql("samples", SAMPLE_COLUMNS as Column<never>[]);

/** Splits rows into JSON arrays of at most MAX_JSON_BYTES each (a single larger row stays alone). */
export function jsonChunks(rows: SqlValue[][], maxBytes = MAX_JSON_BYTES): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const row of rows) {
    const part = JSON.stringify(row);
    const bytes = encoder.encode(part).byteLength + 1;
    if (parts.length > 0 && size + bytes > maxBytes) {
      chunks.push(`[${parts.join(",")}]`);
      parts = [];
      size = 2;
    }
    parts.push(part);
    size += bytes;
  }
  if (parts.length > 0) chunks.push(`[${parts.join(",")}]`);
  return chunks;
}

function toRows<T>(columns: Column<T>[], items: T[]): SqlValue[][] {
  return items.map((item) => columns.map((c) => c.write(item)));
}

/**
 * The prepared statements that insert records (with attempts and samples) into D1. Run them with
 * one `db.batch()`: a transaction, and idempotent (INSERT OR IGNORE on the primary keys), so a
 * redelivered Queue batch inserts nothing twice.
 */
export function insertStatements(db: D1Database, records: RequestRecord[], now = Date.now()): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  for (const chunk of jsonChunks(toRows(REQUEST_COLUMNS, records))) {
    statements.push(db.prepare(REQUESTS_SQL).bind(chunk, now));
  }
  for (const chunk of jsonChunks(toRows(ATTEMPT_COLUMNS, records.flatMap(attemptRows)))) {
    statements.push(db.prepare(ATTEMPTS_SQL).bind(chunk));
  }
  for (const chunk of jsonChunks(toRows(SAMPLE_COLUMNS, records.flatMap(sampleRows)))) {
    statements.push(db.prepare(SAMPLES_SQL).bind(chunk));
  }
  return statements;
}

/** Inserts records into D1 in one batch (a transaction). Throws when D1 does. */
export async function insertRecords(db: D1Database, records: RequestRecord[], now = Date.now()): Promise<void> {
  if (records.length === 0) return;
  await db.batch(insertStatements(db, records, now));
}

/**
 * Reads one record back from D1 (attempts and sample included), or null. For tests and support:
 * the pipeline's tests compare what a request produced with what they expect.
 * @example const rec = await readRecord(env.DB, res.headers.get("x-request-id")!);
 */
export async function readRecord(db: D1Database, id: string): Promise<RequestRecord | null> {
  const [req, attempts, samples] = await db.batch<Record<string, unknown>>([
    db.prepare("SELECT * FROM requests WHERE id = ?1").bind(id),
    db.prepare("SELECT * FROM attempts WHERE request_id = ?1 ORDER BY attempt_index").bind(id),
    db.prepare("SELECT * FROM samples WHERE request_id = ?1").bind(id),
  ]);
  const row = req.results[0];
  if (!row) return null;
  const record = readRow(REQUEST_COLUMNS, row);
  record.attempts = attempts.results.map((a) => {
    const { requestId: _id, ts: _ts, ...attempt } = readRow(ATTEMPT_COLUMNS, a);
    return attempt as AttemptRecord;
  });
  const sample = samples.results[0];
  if (sample) {
    const { prompt, completion, truncated } = readRow(SAMPLE_COLUMNS, sample);
    record.sample = truncated ? { prompt, completion, truncated } : { prompt, completion };
  }
  return record;
}

/** Number of request rows (all time, or since an epoch-ms time). */
export async function countRecords(db: D1Database, sinceMs = 0): Promise<number> {
  const row = await db
    .prepare("SELECT COUNT(*) AS n FROM requests WHERE ts >= ?1")
    .bind(sinceMs)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
