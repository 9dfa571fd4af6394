import type { IncomingMessage, ServerResponse } from "node:http";

/** Largest request body the simulator reads (the real APIs accept a few tens of MB). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class BodyTooLarge extends Error {}

/** Reads the whole request body as text; rejects with BodyTooLarge past MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Sends `body` as JSON with `status` and extra headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Resolves after `ms` milliseconds (at once for 0). */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

let seq = 0;
const boot = Date.now().toString(36);

/** A unique id with a prefix, e.g. `chatcmpl-…`, `msg_…`, `req_…`. */
export function nextId(prefix: string): string {
  seq = (seq + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}${boot}${seq.toString(36).padStart(8, "0")}`;
}

/** The first value of a request header, or undefined. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `retry-after` (whole seconds, rounded up) and `retry-after-ms` for a delay. */
export function retryHeaders(ms: number | undefined, withMs: boolean): Record<string, string> {
  if (ms === undefined) return {};
  const h: Record<string, string> = { "retry-after": String(Math.max(1, Math.ceil(ms / 1000))) };
  if (withMs) h["retry-after-ms"] = String(ms);
  return h;
}
