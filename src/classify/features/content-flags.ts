/**
 * What a text contains: code, JSON, tables, URLs. Heuristics tuned on test/fixtures: cheap regexes
 * first, JSON.parse only to confirm a candidate. Code, tables and URLs are looked for in the first
 * 4,000 and the last 1,000 characters (`flagSample`), so the cost stays bounded for long inputs.
 */

const SAMPLE_HEAD = 4000;
const SAMPLE_TAIL = 1000;

/** The part of a long text the code, table and URL checks read. */
export function flagSample(text: string): string {
  if (text.length <= SAMPLE_HEAD + SAMPLE_TAIL) return text;
  const head = text.lastIndexOf("\n", SAMPLE_HEAD);
  const tail = text.indexOf("\n", text.length - SAMPLE_TAIL);
  return `${text.slice(0, head > SAMPLE_HEAD / 2 ? head : SAMPLE_HEAD)}\n${text.slice(tail > 0 ? tail + 1 : text.length - SAMPLE_TAIL)}`;
}

/**
 * A regex with the literals one of which the text must contain for it to match: indexOf is an
 * order of magnitude cheaper than a regex scan, so most regexes never run on prose.
 */
interface Gated {
  anyOf?: string[];
  re: RegExp;
}

/** One of these alone means code. */
const STRONG_CODE: Gated[] = [
  { anyOf: ["```"], re: /```/ },
  { anyOf: ["Traceback"], re: /Traceback \(most recent call last\)/ },
  { anyOf: ["def ", "class "], re: /^[ \t]*(?:def|class)[ \t]+\w+[^\n]*:[ \t]*$/m },
  { anyOf: ["#include"], re: /^[ \t]*#include[ \t]*[<"]/m },
  { anyOf: ["function"], re: /\bfunction\s*\w*\s*\([^)\n]*\)\s*\{/ },
  {
    anyOf: ["import "],
    re: /^[ \t]*(?:import[ \t]+[\w{}*, ]+(?:[ \t]+from[ \t]+['"][^'"\n]+['"])?|from[ \t]+[\w.]+[ \t]+import[ \t]+[\w*, ]+);?[ \t]*$/m,
  },
  {
    anyOf: ["SELECT", "UPDATE", "DELETE", "INSERT"],
    re: /\b(?:SELECT|UPDATE|DELETE|INSERT)\b[^\n]{0,200}?\b(?:FROM|WHERE|SET|INTO)\b/,
  },
  { anyOf: ["at "], re: /\bat\s+[\w.$<>]+\s*\([^)\n]*:\d+(?::\d+)?\)/ },
  {
    anyOf: ["public ", "private ", "protected "],
    re: /^[ \t]*(?:public|private|protected)[ \t]+(?:static[ \t]+)?[\w<>[\]]+[ \t]+\w+[ \t]*\(/m,
  },
  { anyOf: ["func ", "fn "], re: /\b(?:func|fn)\s+\w+\s*\([^)\n]*\)\s*(?:->\s*[\w<>]+\s*)?[{\w]/ },
];

/** Two different ones of these mean code. */
const WEAK_CODE: Gated[] = [
  { anyOf: [";", "{", "}"], re: /[;{}][ \t]*$/m },
  { anyOf: ["=>", "==", "!=", "&&", "||", "::", "->"], re: /=>|===|!==|&&|\|\||::|->/ },
  { anyOf: ["const ", "let ", "var "], re: /\b(?:const|let|var)\s+\w+\s*[=:]/ },
  { anyOf: ["("], re: /\w\.[A-Za-z_]\w*\([^)\n]*\)/ },
  { anyOf: ["\n    ", "\t"], re: /^(?: {4}|\t)\S/m },
  { re: /\b(?:return|null|undefined|None|elif|println|printf|console\.log)\b/ },
  { anyOf: ["("], re: /[a-z][A-Z]\w*\(/ },
  { anyOf: ["["], re: /\w\[[\w'"]+\]/ },
  { anyOf: ["$ ", "# "], re: /^[ \t]*[$#][ \t]+\w+/m },
];

function matches(text: string, g: Gated): boolean {
  return (!g.anyOf || g.anyOf.some((lit) => text.includes(lit))) && g.re.test(text);
}

/** True when the text contains source code, a code fence, SQL or a stack trace. */
export function hasCode(text: string): boolean {
  for (const g of STRONG_CODE) if (matches(text, g)) return true;
  let weak = 0;
  for (const g of WEAK_CODE) if (matches(text, g) && ++weak >= 2) return true;
  return false;
}

const URL = /\bhttps?:\/\/[^\s/$.?#][^\s]*|\bwww\.[a-z0-9-]+\.[a-z]{2,}/i;

/** True when the text contains a URL. */
export function hasUrl(text: string): boolean {
  return URL.test(text);
}

const JSON_START = /[{[]\s*["{[\d-]/g;
const MAX_JSON_CANDIDATES = 4;

/** Index just past the bracket that closes the one at `start`, or -1. Strings are skipped. */
function closingIndex(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** True when the text contains a JSON object or array (with at least one member) that parses. */
export function hasJson(text: string): boolean {
  if (!text.includes("{") && !text.includes("[")) return false;
  JSON_START.lastIndex = 0;
  let tries = 0;
  for (let m = JSON_START.exec(text); m && tries < MAX_JSON_CANDIDATES; m = JSON_START.exec(text)) {
    const end = closingIndex(text, m.index);
    if (end < 0) continue;
    tries++;
    const candidate = text.slice(m.index, end);
    if (candidate.length < 7 || (!candidate.includes('"') && !candidate.includes(","))) continue;
    try {
      JSON.parse(candidate);
      return true;
    } catch {
      JSON_START.lastIndex = m.index + 1;
    }
  }
  return false;
}

const MARKDOWN_RULE = /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$/m;
const MIN_ROWS = 3;

function count(line: string, ch: string): number {
  let n = 0;
  for (let i = line.indexOf(ch); i >= 0; i = line.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * True when the text contains a table: a markdown table (header rule row), or at least three
 * consecutive lines with the same number of tabs (TSV) or of commas, two or more (CSV) and no
 * sentence punctuation.
 */
export function hasTable(text: string): boolean {
  if (text.includes("|") && MARKDOWN_RULE.test(text)) return true;
  const hasTab = text.includes("\t");
  if (!hasTab && !text.includes(",")) return false;
  if (!text.includes("\n")) return false;
  const lines = text.split("\n");
  return sameCountRun(lines, "\t", 1) || (!hasTab && sameCountRun(lines, ",", 2));
}

function sameCountRun(lines: string[], sep: string, min: number): boolean {
  let run = 0;
  let last = -1;
  for (const line of lines) {
    const n = line.length > 400 || (sep === "," && /[.!?]\s/.test(line)) ? 0 : count(line, sep);
    run = n >= min && n === last ? run + 1 : n >= min ? 1 : 0;
    last = n;
    if (run >= MIN_ROWS) return true;
  }
  return false;
}
