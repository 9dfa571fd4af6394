import type { ServerResponse } from "node:http";
import type { FaultPlan } from "./faults";
import { sleep } from "./http";

/** The protocol-specific frames a stream fault writes. */
export interface FaultFrames {
  malformed: string;
  error: string;
}

/** One server-sent event frame; `event` omitted for OpenAI's data-only stream. */
export function sseFrame(data: string, event?: string): string {
  return event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}

function write(res: ServerResponse, frame: string): Promise<void> {
  return new Promise((resolve) => res.write(frame, () => resolve()));
}

/**
 * Writes SSE frames with the plan's stream faults: a delay between frames, a malformed frame
 * inserted after N frames, an error frame that ends the stream after N frames, or the connection
 * destroyed after N frames. A cut or error never lands after the last frame, so the stream never
 * ends cleanly when one is planned.
 */
export async function writeSse(
  res: ServerResponse,
  frames: string[],
  plan: FaultPlan,
  faultFrames: FaultFrames,
  headers: Record<string, string>,
): Promise<void> {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    ...headers,
  });
  const last = frames.length - 1;
  const cutAt = plan.cutAfter !== undefined ? Math.min(plan.cutAfter, last) : -1;
  const errorAt = plan.streamErrorAfter !== undefined ? Math.min(plan.streamErrorAfter, last) : -1;
  const malformedAt = plan.malformedAfter !== undefined ? Math.min(plan.malformedAfter, last) : -1;
  const slow = plan.chunkDelayMs > 0;
  for (let i = 0; i <= last; i++) {
    if (res.destroyed) return;
    if (i === cutAt) {
      res.socket?.destroy();
      return;
    }
    if (i === errorAt) {
      res.end(faultFrames.error);
      return;
    }
    if (i === malformedAt) res.write(faultFrames.malformed);
    const waitFlush = slow || i + 1 === cutAt;
    if (waitFlush) await write(res, frames[i]);
    else res.write(frames[i]);
    if (slow && i < last) await sleep(plan.chunkDelayMs);
  }
  res.end();
}
