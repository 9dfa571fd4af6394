import * as z from "zod";
import type { Category, ClassifierSettings, Price } from "../../config/schema";
import type { ChatCompletionRequest } from "../../core/chat";
import { ProviderError } from "../../core/errors";
import type { ChatProvider, CompletionOutcome, ProviderTarget } from "../../providers/types";
import { costOf } from "../../core/catalog";
import { UNKNOWN_CATEGORY, type Classification } from "../types";

/** Marker the classifier's system prompt starts with (the simulator's classifier keys on it). */
export const CLASSIFIER_MARKER = "router-classifier";
const MAX_OUTPUT_TOKENS = 80;
/** Of a truncated text, this share is taken from the head, the rest from the tail. */
const HEAD_SHARE = 0.75;

/** Calls one model (the Worker passes the provider layer's `complete`). Must honour `signal`. */
export type CallModel = (req: ChatCompletionRequest, signal: AbortSignal) => Promise<CompletionOutcome>;

/**
 * A CallModel over one provider adapter and target (what the Worker, the CLI and the tests use).
 *
 * @example callModelVia(getProvider("openai-compatible"), resolveTarget(config, config.classifier.model, env))
 */
export function callModelVia(provider: Pick<ChatProvider, "complete">, target: ProviderTarget): CallModel {
  return (req, signal) => provider.complete(req, target, { signal });
}

export type ClassifierFailure = NonNullable<Classification["classifier"]>["failure"];

/** The classifier model's answer, as the prompt asks for it. */
export const ClassifierAnswer = z.object({
  category: z.string().min(1),
  confidence: z.coerce.number().min(0).max(100),
  reason: z.string().optional(),
});
export type ClassifierAnswer = z.infer<typeof ClassifierAnswer>;

/** `text` cut to `max` characters: head and tail kept, the middle replaced by " … ". */
export function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor((max - 3) * HEAD_SHARE);
  const tail = max - 3 - head;
  return `${text.slice(0, head)} … ${tail > 0 ? text.slice(-tail) : ""}`;
}

function systemPrompt(categories: Readonly<Record<string, Category>>): string {
  const lines = Object.entries(categories).map(([id, c]) => `- ${id}: ${c.description.replace(/\s+/g, " ").trim()}`);
  return [
    CLASSIFIER_MARKER,
    "You label requests for an LLM router. Read the user's message and choose the one category that best",
    "describes the task it asks a model to do. Judge the task, not the topic of any pasted material.",
    "",
    "Categories:",
    ...lines,
    "",
    'Reply with JSON only: {"category": "<one id from the list>", "confidence": <0 to 1>, "reason": "<at most 12 words>"}.',
    `If no category fits, answer "${UNKNOWN_CATEGORY}" with a low confidence.`,
  ].join("\n");
}

/**
 * The classifier call: a system prompt with the marker and one `- <id>: <description>` line per
 * category, the user text (truncated to settings.maxInputChars), JSON output (a strict
 * json_schema where the model supports it), at most 80 output tokens, temperature 0.
 */
export function buildClassifierRequest(
  text: string,
  categories: Readonly<Record<string, Category>>,
  settings: Pick<ClassifierSettings, "model" | "maxInputChars">,
  jsonSchema = false,
): ChatCompletionRequest {
  const req: ChatCompletionRequest = {
    model: settings.model,
    messages: [
      { role: "system", content: systemPrompt(categories) },
      { role: "user", content: truncateMiddle(text, settings.maxInputChars) },
    ],
    temperature: 0,
    max_tokens: MAX_OUTPUT_TOKENS,
  };
  if (jsonSchema) {
    req.response_format = {
      type: "json_schema",
      json_schema: {
        name: "classification",
        strict: true,
        schema: {
          type: "object",
          properties: {
            category: { type: "string", enum: [...Object.keys(categories), UNKNOWN_CATEGORY] },
            confidence: { type: "number" },
            reason: { type: "string" },
          },
          required: ["category", "confidence", "reason"],
          additionalProperties: false,
        },
      },
    };
  }
  return req;
}

/** The assistant text of a chat.completion body, or undefined. */
function messageContent(body: CompletionOutcome["body"]): string | undefined {
  const choice = body.choices[0] as { message?: { content?: unknown } } | undefined;
  const content = choice?.message?.content;
  return typeof content === "string" ? content : undefined;
}

/**
 * Reads the model's JSON answer, tolerating code fences and prose around it; a confidence given in
 * percent (1–100) is scaled to 0..1. Undefined when there is no valid answer.
 */
export function parseClassifierAnswer(content: string | undefined): ClassifierAnswer | undefined {
  if (!content) return undefined;
  const start = content.indexOf("{");
  const end = content.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(content.slice(start, end + 1));
  } catch {
    return undefined;
  }
  const parsed = ClassifierAnswer.safeParse(json);
  if (!parsed.success) return undefined;
  const { category, confidence, reason } = parsed.data;
  return { category: category.trim(), confidence: confidence > 1 ? confidence / 100 : confidence, reason };
}

export interface ModelClassifierInput {
  /** What to classify (see `classificationText`). */
  text: string;
  categories: Readonly<Record<string, Category>>;
  settings: Pick<ClassifierSettings, "model" | "timeoutMs" | "minConfidence" | "maxInputChars">;
  callModel: CallModel;
  /** The classifier model's catalog price; without it the cost is recorded as 0. */
  price?: Price;
  /** The classifier model accepts response_format json_schema. */
  jsonSchema?: boolean;
  /** Aborts the call when the client goes away. */
  signal?: AbortSignal;
  now?: () => number;
}

type CallResult = { kind: "done"; outcome: CompletionOutcome } | { kind: "failed"; failure: "timeout" | "error" };

async function callWithDeadline(input: ModelClassifierInput, req: ChatCompletionRequest): Promise<CallResult> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(input.signal?.reason);
  input.signal?.addEventListener("abort", onParentAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<CallResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new DOMException("classifier deadline passed", "TimeoutError"));
      resolve({ kind: "failed", failure: "timeout" });
    }, input.settings.timeoutMs);
  });
  const call = input.callModel(req, controller.signal).then(
    (outcome): CallResult => ({ kind: "done", outcome }),
    (e: unknown): CallResult => ({
      kind: "failed",
      failure: e instanceof ProviderError && e.kind === "timeout" ? "timeout" : "error",
    }),
  );
  try {
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
    input.signal?.removeEventListener("abort", onParentAbort);
  }
}

/**
 * Asks the cheap model for the category under a strict deadline (settings.timeoutMs, aborting the
 * call when it passes). Timeout, error, unparseable output, a category not in the set, or a
 * confidence below settings.minConfidence give "unknown" with source "fallback" and the failure
 * recorded; the call's tokens and cost are in `classifier` either way.
 *
 * @example await classifyWithModel({ text, categories, settings: config.classifier, callModel })
 */
export async function classifyWithModel(input: ModelClassifierInput): Promise<Classification> {
  const now = input.now ?? Date.now;
  const started = now();
  const req = buildClassifierRequest(input.text, input.categories, input.settings, input.jsonSchema);
  const result = await callWithDeadline(input, req);
  const usage =
    result.kind === "done" ? result.outcome.usage : { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
  const classifier = {
    model: input.settings.model,
    latencyMs: Math.max(0, now() - started),
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costUsd: input.price ? costOf(input.price, usage) : 0,
  };
  const fallback = (failure: ClassifierFailure, answer?: ClassifierAnswer): Classification => ({
    category: UNKNOWN_CATEGORY,
    source: "fallback",
    ...(answer
      ? { confidence: answer.confidence, reason: `model said ${answer.category}: ${answer.reason ?? ""}`.trim() }
      : {}),
    classifier: { ...classifier, failure },
  });
  if (result.kind === "failed") return fallback(result.failure);
  const answer = parseClassifierAnswer(messageContent(result.outcome.body));
  if (!answer) return fallback("unparseable");
  const category = Object.keys(input.categories).find((id) => id.toLowerCase() === answer.category.toLowerCase());
  if (!category) return fallback("unknown_category", answer);
  if (answer.confidence < input.settings.minConfidence) return fallback("low_confidence", answer);
  return {
    category,
    source: "model",
    confidence: answer.confidence,
    ...(answer.reason ? { reason: answer.reason } : {}),
    classifier,
  };
}
