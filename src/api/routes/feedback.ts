import { Hono, type Handler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { RouterError } from "../../core/errors";
import { FeedbackBody, submitFeedback } from "../../pipeline/feedback";
import type { AppEnv } from "../context";
import { errorResponse } from "../errors";
import { zodToRouterError } from "../middleware/json-body";

const MAX_FEEDBACK_BYTES = 16 * 1024;

/**
 * POST /v1/feedback: a quality score for one of the caller's own requests (pipeline/feedback.ts).
 * 200 with the stored row; 404 `unknown_request_id` with Retry-After while the record may still be
 * in the Queue; 409 for different feedback on the same request.
 */
export const postFeedback: Handler<AppEnv> = async (c) => {
  const body = await parseBody(c.req.raw);
  const result = await submitFeedback(c.env, c.get("client").id, body);
  if (result.kind === "stored") return c.json(result.feedback, 200);
  const res = errorResponse(c, result.error);
  res.headers.set("retry-after", String(result.retryAfterSeconds));
  return res;
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
