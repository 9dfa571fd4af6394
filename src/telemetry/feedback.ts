/** A feedback row as D1 stores it (migrations/0002_feedback.sql). */
export interface FeedbackRow {
  request_id: string;
  quality_score: number;
  needed_correction: number;
  correction_cost_usd: number | null;
  comment: string | null;
  created_at: number;
}

/** One client's feedback on one of its own requests. */
export interface FeedbackInput {
  requestId: string;
  clientId: string;
  qualityScore: number;
  neededCorrection: boolean;
  correctionCostUsd: number | null;
  comment: string | null;
  createdAt: number;
}

const INSERT_SQL = `INSERT INTO feedback (request_id, client_id, quality_score, needed_correction, correction_cost_usd, comment, created_at)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM requests WHERE id = ?1 AND client_id = ?2)
ON CONFLICT (request_id) DO NOTHING`;
const SELECT_SQL = `SELECT request_id, quality_score, needed_correction, correction_cost_usd, comment, created_at
FROM feedback WHERE request_id = ?1 AND client_id = ?2`;

/**
 * Inserts feedback for a request the client owns (once: an existing row is kept) and returns the
 * stored row, in one D1 batch; undefined when the client has no such request on record.
 */
export async function storeFeedback(db: D1Database, f: FeedbackInput): Promise<FeedbackRow | undefined> {
  const [, selected] = await db.batch<FeedbackRow>([
    db
      .prepare(INSERT_SQL)
      .bind(
        f.requestId,
        f.clientId,
        f.qualityScore,
        f.neededCorrection ? 1 : 0,
        f.correctionCostUsd,
        f.comment,
        f.createdAt,
      ),
    db.prepare(SELECT_SQL).bind(f.requestId, f.clientId),
  ]);
  return selected.results[0];
}
