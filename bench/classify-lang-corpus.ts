/**
 * Texts for the language-detector comparison. Besides our hand-written sample (the one the detector
 * was developed on), held-out texts nobody tuned for: GSM8K and MT-Bench prompts (English chat),
 * TypeScript's compiler messages in English and 12 locales, and the translated messages of
 * coreutils and GLib that Debian installs under /usr/share/locale (read when present).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ChatMessage } from "../src/core/chat";
import { contentText } from "../src/core/chat";
import { ROOT, readJsonl } from "./classify-lib";

export interface LabelledText {
  lang: string;
  /** Where the text comes from: "sample", "labelled", "gsm8k", "mt-bench", "tsc", "coreutils", "glib". */
  source: string;
  text: string;
}

/** Our sample (test/fixtures/classification-languages.jsonl), 18 languages. */
export function devSample(): LabelledText[] {
  return readJsonl<{ lang: string; text: string }>("test/fixtures/classification-languages.jsonl").map((s) => ({
    lang: s.lang,
    source: "sample",
    text: s.text,
  }));
}

/** The last user message of each labelled prompt (test/fixtures/classification.jsonl). */
export function labelledPrompts(): LabelledText[] {
  return readJsonl<{ lang: string; messages: ChatMessage[] }>("test/fixtures/classification.jsonl").map((p) => ({
    lang: p.lang,
    source: "labelled",
    text: lastUser(p.messages),
  }));
}

/** Held-out texts: `perLanguage` bounds each locale's share of a source. */
export function heldOut(perLanguage = 80): LabelledText[] {
  return [
    ...englishPrompts(),
    ...tscMessages(perLanguage),
    ...gettextMessages("coreutils", perLanguage),
    ...gettextMessages("glib20", perLanguage),
  ];
}

function lastUser(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--)
    if (messages[i].role === "user") return contentText(messages[i].content);
  return "";
}

function englishPrompts(): LabelledText[] {
  const rows = (file: string, source: string, every: number) =>
    existsSync(resolve(ROOT, file))
      ? readJsonl<{ messages: ChatMessage[] }>(file)
          .filter((_, i) => i % every === 0)
          .map((r) => ({ lang: "en", source, text: lastUser(r.messages) }))
      : [];
  return [
    ...rows("../shared/datasets/routellm-gsm8k.jsonl", "gsm8k", 4),
    ...rows("../shared/datasets/routellm-mtbench.jsonl", "mt-bench", 1),
  ];
}

/** Every n-th of `items` so that at most `max` remain, spread over the whole list. */
function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]);
}

/** Placeholders ({0}, %s, %1$d) would read as code or words; real messages carry names there. */
const placeholders = (s: string) =>
  s.replace(/\{\d+\}|%(?:\d+\$)?[-+ #0']*\d*(?:\.\d+)?(?:ll|l|h|z|j)?[sdiuxXfgcpo]/g, "X");

function tscMessages(perLanguage: number): LabelledText[] {
  const lib = resolve(ROOT, "node_modules/typescript/lib");
  const source = readFileSync(join(lib, "typescript.js"), "utf8");
  const english = [...source.matchAll(/diag\(\d+, \d+ \/\* \w+ \*\/, "\w+", "((?:[^"\\]|\\.)*)"/g)].map(
    (m) => JSON.parse(`"${m[1]}"`) as string,
  );
  const out = spread(english, perLanguage).map((text) => ({ lang: "en", source: "tsc", text: placeholders(text) }));
  for (const dir of readdirSync(lib)) {
    const file = join(lib, dir, "diagnosticMessages.generated.json");
    if (!existsSync(file)) continue;
    const messages = Object.values(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>);
    for (const text of spread(messages, perLanguage))
      out.push({ lang: isoOfLocale(dir), source: "tsc", text: placeholders(text) });
  }
  return out;
}

/** Translated messages of one gettext domain, English originals included once. */
function gettextMessages(domain: string, perLanguage: number): LabelledText[] {
  const base = "/usr/share/locale";
  if (!existsSync(base)) return [];
  const source = domain === "glib20" ? "glib" : domain;
  const out: LabelledText[] = [];
  let english: string[] = [];
  for (const locale of readdirSync(base).sort()) {
    const file = join(base, locale, "LC_MESSAGES", `${domain}.mo`);
    const lang = isoOfLocale(locale);
    if (!existsSync(file) || lang.length !== 2 || lang === "en") continue;
    const pairs = readMo(readFileSync(file)).filter(([id, str]) => id && str && str !== id && /\p{L}{2}/u.test(str));
    if (!english.length) english = pairs.map(([id]) => id);
    for (const [, str] of spread(pairs, perLanguage)) out.push({ lang, source, text: placeholders(str) });
  }
  for (const text of spread(english, perLanguage)) out.push({ lang: "en", source, text: placeholders(text) });
  return out;
}

/** pt_BR → pt, sr@latin → sr, nb → no, zh-cn → zh. */
function isoOfLocale(locale: string): string {
  const lang = locale.split(/[_@.-]/)[0].toLowerCase();
  return lang === "nb" || lang === "nn" ? "no" : lang;
}

/** [msgid, msgstr] pairs of a GNU .mo file (first plural form, context dropped). */
function readMo(buf: Buffer): Array<[string, string]> {
  const little = buf.readUInt32LE(0) === 0x950412de;
  const u32 = (at: number) => (little ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const count = u32(8);
  const originals = u32(12);
  const translations = u32(16);
  const str = (table: number, i: number) => {
    const length = u32(table + i * 8);
    const offset = u32(table + i * 8 + 4);
    const text = buf.toString("utf8", offset, offset + length).split("\0")[0];
    return text.slice(text.indexOf("\x04") + 1);
  };
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < count; i++) pairs.push([str(originals, i), str(translations, i)]);
  return pairs;
}
