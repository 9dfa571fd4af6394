import type { ChatCompletionRequest } from "../../src/core/chat";
import { extractJson } from "./json";

/** What the judge returned, on the 1–10 rubric, with its reasoning kept for the report. */
export interface JudgeVerdict {
  /** One score per graded answer, 1..10. */
  scores: number[];
  reasoning: string;
}

export const RUBRIC = [
  "Grade on a 1–10 scale:",
  "10: correct, complete and well judged; as good as an expert answer (or the reference, when given).",
  "7–9: correct in substance with minor omissions, verbosity or style problems.",
  "4–6: partly correct: a notable error, a missed requirement, or an incomplete answer.",
  "1–3: wrong, irrelevant, refuses without cause, or ignores the instructions.",
  "Judge substance, not length; do not reward an answer for agreeing with the other one.",
].join("\n");

/** Text of a conversation for the judge: role-prefixed turns. */
export function transcript(messages: ChatCompletionRequest["messages"]): string {
  return messages
    .map((m) => {
      const c = m.content;
      const text =
        typeof c === "string"
          ? c
          : Array.isArray(c)
            ? c.map((p) => (p.type === "text" ? p.text : `[${p.type}]`)).join(" ")
            : "";
      return `${m.role.toUpperCase()}: ${text}`;
    })
    .join("\n\n");
}

const schema = (keys: string[]) => ({
  type: "object",
  properties: {
    ...Object.fromEntries(keys.map((k) => [k, { type: "integer", minimum: 1, maximum: 10 }])),
    reasoning: { type: "string" },
  },
  required: [...keys, "reasoning"],
  additionalProperties: false,
});

function request(
  model: string,
  system: string,
  user: string,
  keys: string[],
  jsonSchema: boolean,
): ChatCompletionRequest {
  const req: ChatCompletionRequest = {
    model,
    temperature: 0,
    max_tokens: 500,
    messages: [
      { role: "system", content: system },
      { role: "user", content: user },
    ],
  };
  if (jsonSchema)
    req.response_format = { type: "json_schema", json_schema: { name: "grade", schema: schema(keys), strict: true } };
  return req;
}

/**
 * The judge call for one answer graded against a reference answer.
 * @example referenceJudgeRequest("gpt-4o", example.messages, "Paris", answer, true)
 */
export function referenceJudgeRequest(
  judge: string,
  messages: ChatCompletionRequest["messages"],
  reference: string,
  answer: string,
  jsonSchema = false,
): ChatCompletionRequest {
  const system = `You are a strict grader of AI assistant answers. ${RUBRIC}\nReply with JSON only: {"score": <1-10>, "reasoning": "<two or three sentences>"}.`;
  const user = `[Conversation]\n${transcript(messages)}\n\n[Reference answer]\n${reference}\n\n[Answer to grade]\n${answer}`;
  return request(judge, system, user, ["score"], jsonSchema);
}

/**
 * The judge call grading two answers to the same conversation side by side (no reference: the
 * premium model's answer is the yardstick, and both get a grade on the same scale).
 */
export function pairwiseJudgeRequest(
  judge: string,
  messages: ChatCompletionRequest["messages"],
  answerA: string,
  answerB: string,
  jsonSchema = false,
): ChatCompletionRequest {
  const system = `You are a strict grader of AI assistant answers. Grade each of two answers to the same conversation independently. ${RUBRIC}\nReply with JSON only: {"score_a": <1-10>, "score_b": <1-10>, "reasoning": "<two or three sentences>"}.`;
  const user = `[Conversation]\n${transcript(messages)}\n\n[Answer A]\n${answerA}\n\n[Answer B]\n${answerB}`;
  return request(judge, system, user, ["score_a", "score_b"], jsonSchema);
}

function asScore(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number.parseFloat(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? Math.max(1, n) : undefined;
}

const LABELS: Record<string, RegExp[]> = {
  score: [
    /\[\[(\d+(?:\.\d+)?)\]\]/,
    /\b(?:score|rating|grade)\s*[:=]?\s*\**\s*(\d+(?:\.\d+)?)\s*(?:\/\s*10)?/i,
    /\b(\d+(?:\.\d+)?)\s*\/\s*10\b/,
  ],
  score_a: [
    /\b(?:score|rating|grade)[\s_-]*(?:for\s+)?(?:answer\s+)?a\b\**\s*[:=]?\s*\**\s*(\d+(?:\.\d+)?)/i,
    /\banswer\s+a\b[^\d\n]{0,40}?(\d+(?:\.\d+)?)\s*\/\s*10/i,
  ],
  score_b: [
    /\b(?:score|rating|grade)[\s_-]*(?:for\s+)?(?:answer\s+)?b\b\**\s*[:=]?\s*\**\s*(\d+(?:\.\d+)?)/i,
    /\banswer\s+b\b[^\d\n]{0,40}?(\d+(?:\.\d+)?)\s*\/\s*10/i,
  ],
};

/**
 * Reads a judge's reply: JSON first (fenced or embedded, numbers or numeric strings), then the
 * usual free-text forms ("Score: 7/10", "[[7]]", "Answer A: 6/10"). Undefined when any expected
 * score is missing or outside 0–10.
 * @example parseJudgeReply('{"score": "8", "reasoning": "ok"}', ["score"]) // { scores: [8], reasoning: "ok" }
 */
export function parseJudgeReply(text: string, keys: readonly string[]): JudgeVerdict | undefined {
  const json = extractJson(text);
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    const lower = Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
    const scores = keys.map((k) =>
      asScore(lower[k] ?? (keys.length === 1 ? (lower.rating ?? lower.grade) : undefined)),
    );
    if (scores.every((s) => s !== undefined)) {
      const why = lower.reasoning ?? lower.explanation ?? lower.reason ?? "";
      return { scores: scores as number[], reasoning: String(why) };
    }
  }
  const scores = keys.map((k) => {
    for (const re of LABELS[k] ?? []) {
      const m = re.exec(text);
      const s = m ? asScore(m[1]) : undefined;
      if (s !== undefined) return s;
    }
    return undefined;
  });
  if (scores.some((s) => s === undefined)) return undefined;
  return { scores: scores as number[], reasoning: text.trim().slice(0, 1000) };
}

/** A 1–10 grade on the 0..1 quality scale (MT-Bench's convention: rating / 10). */
export function gradeToQuality(grade: number): number {
  return Math.min(1, Math.max(0, grade / 10));
}
