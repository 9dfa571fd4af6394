/**
 * Text corpora for the classification benchmarks, built from files on disk, deterministic.
 * - fit: what the token estimate's weights are fitted on: TypeScript's localised diagnostics
 *   (13 locales incl. ja, ko, zh, ru), TypeScript/JS source, JSON, markdown READMEs, our
 *   multilingual language sample, the even rows of our labelled prompts, and GSM8K rows 300-799.
 * - test: held out from the fit: the odd rows of our labelled prompts, MT-Bench and GSM8K rows 0-299, and
 *   ~2,000-token prompts made of MT-Bench questions.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { contentText, type ChatMessage } from "../src/core/chat";
import { ROOT, readJsonl } from "./classify-lib";

export interface Text {
  set: "fit" | "test";
  group: string;
  text: string;
}

const NM = resolve(ROOT, "node_modules");

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts a text into pieces of random length (min..max chars) at line boundaries. */
function chunks(text: string, count: number, min: number, max: number, rand: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count && text.length > min; i++) {
    const len = Math.floor(min + rand() * (max - min));
    let start = Math.floor(rand() * Math.max(1, text.length - len));
    start = text.lastIndexOf("\n", start) + 1;
    out.push(text.slice(start, start + len));
  }
  return out;
}

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

function diagnostics(rand: () => number): Text[] {
  const dir = resolve(NM, "typescript/lib");
  const out: Text[] = [];
  for (const locale of readdirSync(dir)) {
    const file = resolve(dir, locale, "diagnosticMessages.generated.json");
    if (!existsSync(file)) continue;
    const messages = Object.values(JSON.parse(read(file)) as Record<string, string>);
    for (let i = 0; i < 60; i++) {
      const n = 1 + Math.floor(rand() * 25);
      const start = Math.floor(rand() * (messages.length - n));
      out.push({
        set: "fit",
        group: `prose ${locale}`,
        text: messages.slice(start, start + n).join(rand() < 0.5 ? "\n" : " "),
      });
    }
  }
  return out;
}

function files(group: string, paths: string[], perFile: number, rand: () => number): Text[] {
  return paths.flatMap((p) =>
    chunks(read(resolve(NM, p)), perFile, 200, 6000, rand).map((text) => ({ set: "fit" as const, group, text })),
  );
}

/** Texts the token weights are fitted on. */
export function fitCorpus(): Text[] {
  const rand = rng(7);
  const code = [
    "typescript/lib/lib.es5.d.ts",
    "typescript/lib/lib.dom.d.ts",
    "hono/dist/hono-base.js",
    "zod/v4/core/schemas.js",
    "yaml/dist/compose/composer.js",
    "eventsource-parser/dist/index.js",
    "openai/src/core/streaming.ts",
  ];
  const json = [
    "typescript/package.json",
    "wrangler/package.json",
    "typescript/lib/typesMap.json",
    "openai/package.json",
  ];
  const markdown = [
    "openai/README.md",
    "hono/README.md",
    "zod/README.md",
    "yaml/README.md",
    "wrangler/README.md",
    "eld/README.md",
    "fast-check/README.md",
  ];
  const languages = readJsonl<{ lang: string; text: string }>("test/fixtures/classification-languages.jsonl");
  return [
    ...diagnostics(rand),
    ...files("code", code, 25, rand),
    ...files("json", json, 15, rand),
    ...files("markdown", markdown, 15, rand),
    ...languages.map((l) => ({ set: "fit" as const, group: "language sample", text: l.text })),
    ...ourPrompts(0).map((text) => ({ set: "fit" as const, group: "our prompts (even rows)", text })),
    ...gsm8k()
      .slice(GSM8K_TEST_ROWS, GSM8K_TEST_ROWS + 500)
      .map((text) => ({ set: "fit" as const, group: "prose en (gsm8k)", text })),
  ];
}

/** GSM8K rows before this index are held out for testing; the next 500 are fitted on. */
const GSM8K_TEST_ROWS = 300;

function gsm8k(): string[] {
  return readJsonl<Labelled>("../shared/datasets/routellm-gsm8k.jsonl").map((r) => promptText(r.messages));
}

interface Labelled {
  messages: ChatMessage[];
  lang?: string;
}

/** Texts of our labelled prompts whose row index has this parity (even rows fit, odd rows test). */
function ourPrompts(parity: 0 | 1): string[] {
  const rows = readJsonl<Labelled>("test/fixtures/classification.jsonl");
  return rows.filter((_, i) => i % 2 === parity).map((r) => promptText(r.messages));
}

function promptText(messages: ChatMessage[]): string {
  return messages.map((m) => contentText(m.content)).join("\n");
}

/** Held-out texts the estimate is judged on. */
export function testCorpus(): Text[] {
  const out: Text[] = ourPrompts(1).map((text) => ({ set: "test" as const, group: "our prompts (odd rows)", text }));
  const mt = readJsonl<Labelled>("../shared/datasets/routellm-mtbench.jsonl");
  for (const row of mt) out.push({ set: "test", group: "mt-bench prompts", text: promptText(row.messages) });
  for (const text of gsm8k().slice(0, GSM8K_TEST_ROWS)) out.push({ set: "test", group: "gsm8k prompts", text });
  out.push(...longPrompts(mt.map((r) => promptText(r.messages))));
  return out;
}

/** ~2,000-token prompts: consecutive MT-Bench questions until about 8,000 characters. */
export function longPrompts(questions: string[], count = 12): Text[] {
  const out: Text[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    for (let j = i * 5, len = 0; len < 8000; j++) {
      parts.push(questions[j % questions.length]);
      len += parts[parts.length - 1].length + 2;
    }
    out.push({ set: "test", group: "2k-token prompt", text: parts.join("\n\n") });
  }
  return out;
}
