import { hash32 } from "./text";

/**
 * The simulator's "small classifier model". A request is a routing classification when its system
 * prompt contains CLASSIFIER_MARKER; the categories are the system prompt's `- <id>: <description>`
 * lines. The scorer reads keywords and shape of the user text: decent, not perfect, and less
 * confident when the signals are weak or mixed.
 */
export const CLASSIFIER_MARKER = "router-classifier";

export interface CategoryLine {
  id: string;
  description: string;
}

export interface ClassifierAnswer {
  category: string;
  confidence: number;
  reason: string;
}

const LINE = /^[ \t]*[-*][ \t]*`?([A-Za-z0-9][\w.:/@-]*)`?[ \t]*:[ \t]*(.+)$/gm;

/** Reads the `- <id>: <description>` lines of a classifier system prompt. */
export function parseCategories(system: string): CategoryLine[] {
  const out: CategoryLine[] = [];
  for (const m of system.matchAll(LINE)) out.push({ id: m[1], description: m[2].trim() });
  return out;
}

interface ConceptSpec {
  name: string;
  /** Matched against a category's id (then its description) to decide it means this concept. */
  names: RegExp;
  keywords: string[];
}

interface Concept extends ConceptSpec {
  /** Each keyword as a regex anchored at the start of a word. */
  matchers: [string, RegExp][];
}

const SPECS: ConceptSpec[] = [
  {
    name: "translation",
    names: /translat/i,
    keywords: [
      "translat",
      "into english",
      "into french",
      "into spanish",
      "into german",
      "into japanese",
      "traduc",
      "übersetz",
      "in english",
      "in french",
    ],
  },
  {
    name: "code",
    names: /code|coding|program|software/i,
    keywords: [
      "code",
      "function",
      "bug",
      "stack trace",
      "exception",
      "typescript",
      "python",
      "javascript",
      "sql",
      "regex",
      "refactor",
      "compile",
      "implement",
      "script",
      "unit test",
      "endpoint",
      "algorithm",
      "html",
      "css",
      "array",
      "binary tree",
      "linked list",
      "program",
      "api",
      "java",
      "c++",
      "rust",
      "golang",
    ],
  },
  {
    name: "summarization",
    names: /summar/i,
    keywords: [
      "summar",
      "tl;dr",
      "tldr",
      "key points",
      "recap",
      "condense",
      "shorten",
      "gist",
      "in a few sentences",
      "in one sentence",
      "main points",
      "overview of",
    ],
  },
  {
    name: "extraction",
    names: /extract|structured|pars/i,
    keywords: [
      "extract",
      "pull out",
      "parse",
      "fields",
      "as json",
      "to json",
      "invoice",
      "list all",
      "find all",
      "entities",
      "every date",
      "email addresses",
      "phone number",
      "from this text",
      "from the following",
      "identify the",
      "json format",
      "in json",
      "output in json",
      "return the results as",
    ],
  },
  {
    name: "classification",
    names: /classif|routing|triage|categor|label/i,
    keywords: [
      "classify",
      "categor",
      "label",
      "triage",
      "which department",
      "is this a",
      "sentiment",
      "spam",
      "intent",
      "tag this",
      "one of",
      "which type",
      "route this",
      "billing question",
    ],
  },
  {
    name: "reasoning",
    names: /reason|analy|complex/i,
    keywords: [
      "why",
      "analy",
      "compare",
      "evaluate",
      "trade-off",
      "tradeoff",
      "prove",
      "step by step",
      "implications",
      "risk",
      "strategy",
      "assess",
      "contract",
      "pros and cons",
      "should we",
      "derive",
      "calculate",
      "justify",
      "plan for",
      "solve",
      "equation",
      "probability",
      "how many",
      "prove that",
      "riddle",
      "puzzle",
      "logic",
      "correlation",
      "differences between",
      "impact of",
      "insights",
    ],
  },
  {
    name: "generation",
    names: /generat|content|writ|draft|creative/i,
    keywords: [
      "write",
      "draft",
      "compose",
      "create a",
      "generate",
      "blog",
      "post",
      "product description",
      "slogan",
      "tweet",
      "poem",
      "story",
      "letter",
      "caption",
      "announcement",
      "newsletter",
      "headline",
    ],
  },
  {
    name: "chat",
    names: /chat|convers|general|small talk/i,
    keywords: [
      "hello",
      "hi",
      "hey",
      "thanks",
      "thank you",
      "how are you",
      "good morning",
      "what's up",
      "joke",
      "who are you",
    ],
  },
];

const escape = (k: string) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const CONCEPTS: Concept[] = SPECS.map((c) => ({
  ...c,
  matchers: c.keywords.map((k) => [
    k,
    new RegExp(`(?<![\\p{L}\\d])${escape(k)}${/\w$/.test(k) && k.length < 3 ? "(?![\\p{L}])" : ""}`, "iu"),
  ]),
}));

/** Which concept a small model mistakes each one for, when it has nothing closer. */
const NEIGHBOUR: Record<string, string> = {
  classification: "extraction",
  extraction: "classification",
  summarization: "generation",
  generation: "chat",
  reasoning: "generation",
  code: "reasoning",
  translation: "generation",
  chat: "generation",
};

const STOP = new Set([
  "about",
  "their",
  "there",
  "which",
  "these",
  "those",
  "other",
  "tasks",
  "requests",
  "things",
  "where",
  "would",
  "should",
]);

function conceptOf(c: CategoryLine): Concept | undefined {
  return CONCEPTS.find((k) => k.names.test(c.id)) ?? CONCEPTS.find((k) => k.names.test(c.description));
}

function stems(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}]{5,}/gu) ?? []).filter((w) => !STOP.has(w)).map((w) => w.slice(0, 6));
}

function shapeBonus(concept: string | undefined, text: string): number {
  switch (concept) {
    case "code":
      return /```|=>|;\s*$|\bdef |\bconst |\bfunction\s*\(|\{\s*\n/m.test(text) ? 2 : 0;
    case "reasoning": {
      const steps = (text.match(/\?/g)?.length ?? 0) >= 2 || /^\s*\d+[.)]\s/m.test(text) || text.length > 1500;
      return (steps ? 1 : 0) + (/\d\s*[-+*/^=<>]\s*\(?-?\d|\bx\s*[=^]/.test(text) ? 1 : 0);
    }
    case "chat":
      return text.length < 25 && !/[:{]/.test(text) ? 0.5 : 0;
    default:
      return 0;
  }
}

interface Scored {
  id: string;
  score: number;
  hits: string[];
}

/** Known concepts score by their keywords and shape; other categories by words of their id and description. */
function score(c: CategoryLine, text: string, textStems: Set<string>): Scored {
  const concept = conceptOf(c);
  if (concept) {
    const hits = concept.matchers.filter(([, re]) => re.test(text)).map(([k]) => k);
    return { id: c.id, score: hits.length + shapeBonus(concept.name, text), hits };
  }
  const hits = [...new Set(stems(`${c.id.replace(/[_-]/g, " ")} ${c.description}`))].filter((st) => textStems.has(st));
  return { id: c.id, score: hits.length, hits };
}

function confusedWith(top: Scored, ranked: Scored[], categories: CategoryLine[]): Scored | undefined {
  if (ranked[1] && ranked[1].score > 0) return ranked[1];
  const concept = conceptOf(categories.find((c) => c.id === top.id)!)?.name;
  const near = concept && categories.find((c) => conceptOf(c)?.name === NEIGHBOUR[concept]);
  return near ? { id: near.id, score: 0, hits: [] } : undefined;
}

/**
 * Chooses one of `categories` for `text`, with a confidence and a short reason. Deterministic, and
 * wrong on purpose for about one request in eight (hash of the text), which gets the runner-up or
 * the category a small model most often confuses with the right one, a little less confidently.
 */
export function classifyText(text: string, categories: CategoryLine[]): ClassifierAnswer {
  if (categories.length === 0) return { category: "unknown", confidence: 0.1, reason: "no categories were given" };
  const textStems = new Set(stems(text));
  const ranked = categories.map((c) => score(c, text, textStems)).sort((a, b) => b.score - a.score);
  const [top, second] = ranked;
  if (top.score === 0) {
    const fallback = categories.find((c) => conceptOf(c)?.name === "chat") ?? categories[0];
    return { category: fallback.id, confidence: 0.3, reason: "no clear signal in the request" };
  }
  const ratio = second ? second.score / top.score : 0;
  let confidence = 0.5 + 0.45 * (1 - ratio) * Math.min(1, top.score / 3);
  let pick: Scored = top;
  const confused = hash32(text) % 8 === 0 ? confusedWith(top, ranked, categories) : undefined;
  if (confused) {
    pick = confused;
    confidence -= 0.1;
  }
  const reason = `matched ${
    pick.hits
      .slice(0, 3)
      .map((x) => `"${x}"`)
      .join(", ") || "the request's shape"
  }`;
  return { category: pick.id, confidence: Math.round(confidence * 100) / 100, reason };
}
