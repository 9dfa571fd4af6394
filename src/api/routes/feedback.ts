import { Hono, type Handler } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as z from "zod";
import { RouterError } from "../../core/errors";
import type { AppEnv } from "../context";
import { errorResponse } from "../errors";
import { zodToRouterError } from "../middleware/json-body";

const MAX_FEEDBACK_BYTES = 16 * 1024;
/** What a client is told to wait before retrying feedback for a record still in the Queue. */
const RECORD_LAG_SECONDS = 10;

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

interface FeedbackRow {
  request_id: string;
  quality_score: number;
  needed_correction: number;
  correction_cost_usd: number | null;
  comment: string | null;
  created_at: number;
}

const INSERT_SQL = `INSERT INTO feedback (request_id, client_id, quality_score, needed_correction, correction_cost_usd, comment, created_at)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM requests WHERE id = ?1 AND client_id = ?2)
ON CONFLICT (request_id) DO NOTHING`;
const SELECT_SQL = `SELECT request_id, quality_score, needed_correction, correction_cost_usd, comment, created_at
FROM feedback WHERE request_id = ?1 AND client_id = ?2`;

/**
 * POST /v1/feedback: a quality score for one of the caller's own requests. Idempotent per request
 * id: the same feedback again answers 200 with the stored row; different feedback for a request that
 * already has some is 409 (feedback is an audit trail, not editable). Unknown ids, and other
 * clients' requests, are 404 `unknown_request_id` with Retry-After: a record reaches D1 through the
 * Queue a few seconds after its response, so feedback sent at once may need one retry.
 */
export const postFeedback: Handler<AppEnv> = async (c) => {
  const body = await parseBody(c.req.raw);
  const clientId = c.get("client").id;
  const db = c.env.DB;
  const [, selected] = await db.batch<FeedbackRow>([
    db
      .prepare(INSERT_SQL)
      .bind(
        body.request_id,
        clientId,
        body.quality_score,
        body.needed_correction ? 1 : 0,
        body.correction_cost_usd ?? null,
        body.comment ?? null,
        Date.now(),
      ),
    db.prepare(SELECT_SQL).bind(body.request_id, clientId),
  ]);
  const stored = selected.results[0];
  if (!stored) {
    const res = errorResponse(
      c,
      new RouterError(
        404,
        `No request '${body.request_id}' of yours is on record. Records are written a few seconds after the response; if the request was just made, retry in ${RECORD_LAG_SECONDS} s.`,
        "invalid_request_error",
        "unknown_request_id",
        "request_id",
      ),
    );
    res.headers.set("retry-after", String(RECORD_LAG_SECONDS));
    return res;
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
  return c.json(feedbackJson(stored), 200);
};

async function parseBody(req: Request): Promise<FeedbackBody> {
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    throw new RouterError(
      400,
      "We could not parse the JSON body of your request.",
      "invalid_request_error",
      "invalid_json",
    );
  }
  const parsed = FeedbackBody.safeParse(raw);
  if (!parsed.success) throw zodToRouterError(parsed.error);
  return parsed.data;
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
    object: "feedback",
    request_id: row.request_id,
    quality_score: row.quality_score,
    needed_correction: row.needed_correction === 1,
    correction_cost_usd: row.correction_cost_usd,
    comment: row.comment,
    created_at: Math.floor(row.created_at / 1000),
  };
}

/**
 * The feedback route as a sub-app, to mount behind client auth:
 * @example app.use("/v1/*", clientAuth()); app.route("/v1/feedback", feedback);
 */
export const feedback = new Hono<AppEnv>().post(
  "/",
  bodyLimit({
    maxSize: MAX_FEEDBACK_BYTES,
    onError: () => {
      throw new RouterError(
        413,
        `Request body too large: the limit is ${MAX_FEEDBACK_BYTES} bytes.`,
        "invalid_request_error",
        "request_too_large",
      );
    },
  }),
  postFeedback,
);
