import type { IncomingMessage, ServerResponse } from "node:http";
import { header, sendJson } from "./http";
import { baseModelName } from "./request";

const KNOWN = [
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "gpt-4.1-mini",
  "claude-3-5-haiku-20241022",
  "claude-sonnet-4-20250514",
];
const CREATED = 1_715_367_049;

/**
 * `GET /v1/models`: a few well-known names plus every model requested so far, in OpenAI's list
 * shape, or Anthropic's when the request carries `anthropic-version`.
 */
export function serveModels(req: IncomingMessage, res: ServerResponse, requested: Iterable<string>): void {
  const ids = [...new Set([...KNOWN, ...[...requested].map(baseModelName)])].filter((m) => m !== "(none)");
  if (header(req, "anthropic-version")) {
    const data = ids.map((id) => ({
      type: "model",
      id,
      display_name: id,
      created_at: new Date(CREATED * 1000).toISOString(),
    }));
    return sendJson(res, 200, { data, has_more: false, first_id: ids[0], last_id: ids[ids.length - 1] });
  }
  sendJson(res, 200, {
    object: "list",
    data: ids.map((id) => ({ id, object: "model", created: CREATED, owned_by: "system" })),
  });
}
