import * as z from "zod";
import { RouterError } from "../core/errors";
import type { Env } from "../env";
import { storeFeedback, type FeedbackRow } from "../telemetry/feedback";

/** What a client is told to wait before retrying feedback for a record still in the Queue. */
export const RECORD_LAG_SECONDS = 10;

export const FeedbackBody = z
  .object({
    request_id: z.string().min(1).max(200),
    quality_score: z.number().min(0).max(1),
    needed_correction: z.boolean(),
    correction_cost_usd: z.number().nonnegative().max(1e9).nullish(),
    comment: z.string().max(2000).nullish(),
  })
  .refine((b) => b.needed_correction || !b.correction_cost_usd, {
    path: ["correction_cost_usd"],
    message: "a correction cost needs needed_correction: true",
  });
export type FeedbackBody = z.infer<typeof FeedbackBody>;

export type FeedbackResult =
  | { kind: "stored"; feedback: ReturnType<typeof feedbackJson> }
  /** No such request of the client's on record (yet: records reach D1 a few seconds late). */
  | { kind: "unknown_request"; error: RouterError; retryAfterSeconds: number };

/**
 * A quality score for one of the caller's own requests. Idempotent per request id: the same
 * feedback again returns the stored row; different feedback for a request that already has some
 * throws 409 (feedback is an audit trail, not editable). Unknown ids, and other clients' requests,
 * are `unknown_request`: a record reaches D1 through the Queue a few seconds after its response, so
 * feedback sent at once may need one retry.
 */
export async function submitFeedback(
  env: Pick<Env, "DB">,
  clientId: string,
  body: FeedbackBody,
): Promise<FeedbackResult> {
  const stored = await storeFeedback(env.DB, {
    requestId: body.request_id,
    clientId,
    qualityScore: body.quality_score,
    neededCorrection: body.needed_correction,
    correctionCostUsd: body.correction_cost_usd ?? null,
    comment: body.comment ?? null,
    createdAt: Date.now(),
  });
  if (!stored) {
    const error = new RouterError(
      404,
      `No request '${body.request_id}' of yours is on record. Records are written a few seconds after the response; if the request was just made, retry in ${RECORD_LAG_SECONDS} s.`,
      "invalid_request_error",
      "unknown_request_id",
      "request_id",
    );
    return { kind: "unknown_request", error, retryAfterSeconds: RECORD_LAG_SECONDS };
  }
  if (!sameFeedback(stored, body)) {
    throw new RouterError(
      409,
      `Request '${body.request_id}' already has different feedback; feedback cannot be changed.`,
      "invalid_request_error",
      "feedback_conflict",
      "request_id",
      { existing: feedbackJson(stored) },
    );
  }
  return { kind: "stored", feedback: feedbackJson(stored) };
}

function sameFeedback(row: FeedbackRow, body: FeedbackBody): boolean {
  return (
    row.quality_score === body.quality_score &&
    row.needed_correction === (body.needed_correction ? 1 : 0) &&
    row.correction_cost_usd === (body.correction_cost_usd ?? null) &&
    row.comment === (body.comment ?? null)
  );
}

function feedbackJson(row: FeedbackRow) {
  return {
    object: "feedback" as const,
    request_id: row.request_id,
    quality_score: row.quality_score,
    needed_correction: row.needed_correction === 1,
    correction_cost_usd: row.correction_cost_usd,
    comment: row.comment,
    created_at: Math.floor(row.created_at / 1000),
  };
}
