import * as z from "zod";
import type { RequestRecord } from "./types";

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();
const usd = z.number().nonnegative();

const AttemptRecordSchema = z.object({
  index: count,
  provider: z.string(),
  model: z.string(),
  status: z.number().int(),
  ok: z.boolean(),
  errorKind: z.string().optional(),
  error: z.string().optional(),
  latencyMs: ms,
  retry: count,
  breakerState: z.enum(["closed", "open", "half_open"]).optional(),
});

/**
 * A RequestRecord as it arrives from the Queue. Checked before the D1 insert so that one malformed
 * message cannot fail (and endlessly retry) the whole batch's transaction.
 */
export const RequestRecordSchema = z.object({
  id: z.string().min(1),
  ts: z.number().int().positive(),
  clientId: z.string(),
  configVersion: z.string(),
  rule: z.string(),
  route: z.string(),
  category: z.string(),
  categorySource: z.enum(["tag", "alias", "pattern", "cache", "model", "fallback", "none"]),
  classifierConfidence: z.number().min(0).max(1).optional(),
  requestedModel: z.string(),
  model: z.string(),
  provider: z.string(),
  status: z.number().int(),
  errorCode: z.string().optional(),
  streamed: z.boolean(),
  truncated: z.boolean(),
  inputTokens: count,
  cachedInputTokens: count,
  outputTokens: count,
  costUsd: usd,
  baselineCostUsd: usd,
  classifierCostUsd: usd,
  classifierInputTokens: count,
  classifierOutputTokens: count,
  totalCostUsd: usd,
  latencyMs: ms,
  ttfbMs: ms,
  upstreamMs: ms,
  overheadMs: z.number(),
  attempts: z.array(AttemptRecordSchema),
  inputTokensEstimate: count,
  language: z.string(),
  promptChars: count,
  promptHash: z.string(),
  finishReason: z.string().nullable().optional(),
  features: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().optional(),
  sample: z.object({ prompt: z.string(), completion: z.string(), truncated: z.boolean().optional() }).optional(),
  shadowOf: z.string().optional(),
});

type Parsed = z.infer<typeof RequestRecordSchema>;
/** Fails to compile, naming the field, when RequestRecord gains or loses a field the schema does not. */
type KeyMismatch = Exclude<keyof RequestRecord, keyof Parsed> | Exclude<keyof Parsed, keyof RequestRecord>;
const keysAgree: [KeyMismatch] extends [never] ? true : KeyMismatch = true;
void keysAgree;

const toRecord = ({ features, ...rest }: Parsed): RequestRecord => ({
  ...rest,
  ...(features && { features: features as RequestRecord["features"] }),
});

/** Parses a Queue message body into a RequestRecord, or returns the first problem. */
export function parseRecord(body: unknown): { ok: true; record: RequestRecord } | { ok: false; problem: string } {
  const parsed = RequestRecordSchema.safeParse(body);
  if (parsed.success) return { ok: true, record: toRecord(parsed.data) };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `${issue.path.join(".") || "(root)"}: ${issue.message}` };
}
