/** Labelled prompts (JSONL) for the linear classifier: strict reading and the sha256 split. */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { extractFeatures, lastUserText } from "../../src/classify/features/features";
import type { FeatureSource } from "../../src/classify/category/text-features";
import { ChatCompletionRequest, ChatMessage } from "../../src/core/chat";

/** One labelled prompt: `{"id","category","messages",...}` (other fields such as tier, lang, format are kept). */
const LabelledRow = z.looseObject({
  id: z.string().min(1),
  category: z.string().min(1),
  messages: z.array(ChatMessage).min(1),
  tools: ChatCompletionRequest.shape.tools,
  response_format: ChatCompletionRequest.shape.response_format,
  lang: z.string().optional(),
});

export interface LabelledExample extends FeatureSource {
  req: ChatCompletionRequest;
  id: string;
  category: string;
  lang?: string;
  /** "file:line" of the row. */
  at: string;
}

/** A data problem, located: "corpus/prompts/code.jsonl:17: unknown category \"coding\" (…)". */
export class DataError extends Error {}

export type Split = "train" | "validation" | "heldOut";

export interface SplitShares {
  heldOut: number;
  validation: number;
}

export const DEFAULT_SHARES: SplitShares = { heldOut: 0.2, validation: 0.15 };

/**
 * Where a row belongs, from the SHA-256 of its id alone: stable as files grow, reorder or merge,
 * and the same in the trainer and the accuracy report.
 * @example splitOf("code-0001") // "train"
 */
export function splitOf(id: string, shares: SplitShares = DEFAULT_SHARES): Split {
  const u = Number.parseInt(createHash("sha256").update(id).digest("hex").slice(0, 8), 16) / 2 ** 32;
  if (u < shares.heldOut) return "heldOut";
  return u < shares.heldOut + shares.validation ? "validation" : "train";
}

function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join(".");
  if (issue.code === "invalid_type" && issue.path.length === 1 && issue.message.includes("undefined"))
    return `missing field "${field}"`;
  return `${field || "row"}: ${issue.message}`;
}

/**
 * Parses one JSONL text strictly: the first bad line throws a DataError naming `file:line`.
 * @example parseLabelled(text, "corpus/prompts/chat.jsonl", ["chat", "code"])
 */
export function parseLabelled(text: string, file: string, categories: readonly string[]): LabelledExample[] {
  const rows: LabelledExample[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const at = `${file}:${i + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new DataError(`${at}: invalid JSON (${(e as Error).message})`);
    }
    const parsed = LabelledRow.safeParse(raw);
    if (!parsed.success) throw new DataError(`${at}: ${describe(parsed.error.issues[0])}`);
    const row = parsed.data;
    if (!categories.includes(row.category))
      throw new DataError(`${at}: unknown category "${row.category}" (expected one of: ${categories.join(", ")})`);
    const req: ChatCompletionRequest = {
      model: "auto",
      messages: row.messages,
      tools: row.tools,
      response_format: row.response_format,
    };
    const userText = lastUserText(req);
    if (!userText.trim()) throw new DataError(`${at}: empty prompt (the last user message has no text)`);
    rows.push({
      id: row.id,
      category: row.category,
      lang: row.lang,
      at,
      req,
      features: extractFeatures(req),
      lastUserText: userText,
    });
  }
  return rows;
}

/** Files as given, a directory replaced by its *.jsonl files (sorted). */
export function expandDataPaths(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    let dir = false;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      return [p];
    }
    if (!dir) return [p];
    return readdirSync(p)
      .filter((f) => f.endsWith(".jsonl"))
      .sort()
      .map((f) => path.join(p, f));
  });
}

export interface LabelledData {
  rows: LabelledExample[];
  /** SHA-256 (hex) over the files' bytes, in the order given. */
  dataHash: string;
}

/**
 * Reads labelled JSONL files; throws a DataError for a missing file, a bad line or a repeated id.
 * @example const { rows, dataHash } = readLabelled(["corpus/prompts/code.jsonl"], categories)
 */
export function readLabelled(files: readonly string[], categories: readonly string[]): LabelledData {
  const hash = createHash("sha256");
  const rows: LabelledExample[] = [];
  const seen = new Map<string, string>();
  for (const file of expandDataPaths(files)) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new DataError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    hash.update(text);
    const name = path.relative(process.cwd(), file) || file;
    for (const row of parseLabelled(text, name, categories)) {
      const first = seen.get(row.id);
      if (first) throw new DataError(`${row.at}: duplicate id "${row.id}" (first at ${first})`);
      seen.set(row.id, row.at);
      rows.push(row);
    }
  }
  return { rows, dataHash: hash.digest("hex") };
}
