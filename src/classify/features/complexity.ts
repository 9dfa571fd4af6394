/**
 * Structural complexity of a request, 0..1: how much the prompt asks of a model, read from its
 * shape rather than its topic. Five signals, each saturating, weighted and summed:
 *   steps 0.25 (numbered/bulleted lines, "first … then … finally"), constraints 0.2 ("must",
 *   "at least", "no more than", word limits), reasoning 0.3 ("why", "explain", "compare",
 *   "analyse", "prove", "trade-offs"), extra questions 0.1, length 0.15 (0 at 50 tokens, full at
 *   2,000). English plus the most common forms in de/fr/es/pt/it/ru/zh/ja.
 */

import { PhraseMatcher } from "./text-match";

const LIST_ITEM = /^[ \t]*(?:\d{1,2}[.)]|[-*•]|[a-h][.)])[ \t]+\S/gm;
const SEQUENCE = new PhraseMatcher([
  "first",
  "firstly",
  "secondly",
  "then",
  "next",
  "finally",
  "afterwards",
  "after that",
  "step 1",
  "step 2",
  "step 3",
  "zuerst",
  "danach",
  "schließlich",
  "d'abord",
  "ensuite",
  "enfin",
  "primero",
  "luego",
  "después",
  "finalmente",
  "primeiro",
  "depois",
  "prima",
  "poi",
  "infine",
  "сначала",
  "затем",
  "потом",
  "首先",
  "然后",
  "最后",
  "まず",
  "次に",
  "最後に",
]);
const CONSTRAINT = new PhraseMatcher([
  "must",
  "should",
  "shall",
  "need to",
  "have to",
  "at least",
  "at most",
  "no more than",
  "no less than",
  "not exceed",
  "exactly",
  "ensure",
  "make sure",
  "without",
  "do not",
  "don't",
  "never",
  "only",
  "maximum",
  "minimum",
  "max",
  "min",
  "required",
  "requirement",
  "limit",
  "words or fewer",
  "fewer than",
  "less than",
  "under",
  "muss",
  "müssen",
  "soll",
  "sollte",
  "mindestens",
  "höchstens",
  "nicht mehr als",
  "doit",
  "doivent",
  "au moins",
  "au plus",
  "ne pas",
  "debe",
  "deben",
  "al menos",
  "como máximo",
  "deve",
  "devem",
  "pelo menos",
  "no máximo",
  "almeno",
  "al massimo",
  "должен",
  "должны",
  "не менее",
  "не более",
  "必须",
  "至少",
  "不超过",
  "必ず",
  "以上",
  "以内",
  "以下",
]);
const REASONING = new PhraseMatcher([
  "why",
  "how come",
  "explain",
  "explanation",
  "compare",
  "comparison",
  "contrast",
  "analyse",
  "analyze",
  "analysis",
  "assess",
  "evaluate",
  "evaluation",
  "prove",
  "proof",
  "derive",
  "justify",
  "reasoning",
  "trade-off",
  "trade-offs",
  "tradeoffs",
  "pros and cons",
  "implication",
  "implications",
  "consequences",
  "critique",
  "recommend",
  "recommendation",
  "weigh",
  "should we",
  "should i",
  "what if",
  "step by step",
  "root cause",
  "risk",
  "risks",
  "strategy",
  "strategic",
  "warum",
  "erkläre",
  "erklären",
  "vergleiche",
  "analysiere",
  "bewerte",
  "begründe",
  "pourquoi",
  "explique",
  "expliquer",
  "comparer",
  "analyse les",
  "évalue",
  "évaluer",
  "justifie",
  "por qué",
  "porque",
  "explica",
  "compara",
  "analiza",
  "analise",
  "evalúa",
  "avalie",
  "perché",
  "spiega",
  "confronta",
  "analizza",
  "valuta",
  "почему",
  "объясни",
  "сравни",
  "проанализируй",
  "оцени",
  "обоснуй",
  "为什么",
  "分析",
  "比较",
  "解释",
  "评估",
  "なぜ",
  "比較",
  "説明",
  "評価",
]);
const QUESTION = /[?？]/g;

/** Characters read from the head and from the tail of long texts (instructions sit there). */
const HEAD = 1500;
const TAIL = 500;

function hits(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

const saturate = (x: number, full: number) => Math.min(1, x / full);

/** Where each signal stands (0..1), for explaining a complexity score. */
export interface ComplexitySignals {
  steps: number;
  constraints: number;
  reasoning: number;
  questions: number;
  length: number;
}

export const COMPLEXITY_WEIGHTS: Readonly<ComplexitySignals> = {
  steps: 0.25,
  constraints: 0.2,
  reasoning: 0.3,
  questions: 0.1,
  length: 0.15,
};

/** Each signal of `text` (the last user message; `tokens` its estimated size), 0..1. */
export function complexitySignals(text: string, tokens: number): ComplexitySignals {
  const sample = text.length > HEAD + TAIL ? `${text.slice(0, HEAD)}\n${text.slice(-TAIL)}` : text;
  return {
    steps: saturate(hits(LIST_ITEM, sample) + SEQUENCE.count(sample), 6),
    constraints: saturate(CONSTRAINT.count(sample), 4),
    reasoning: saturate(REASONING.count(sample), 3),
    questions: saturate(Math.max(0, hits(QUESTION, sample) - 1), 3),
    length: tokens <= 50 ? 0 : saturate(Math.log(tokens / 50), Math.log(40)),
  };
}

/**
 * Structural complexity 0..1 (two decimals) of the last user message.
 *
 * @example complexity("Compare A and B and explain which is better for a team of 5. Must fit $10k.", 20) // ≈ 0.4
 */
export function complexity(text: string, tokens: number): number {
  const s = complexitySignals(text, tokens);
  let sum = 0;
  for (const key of Object.keys(COMPLEXITY_WEIGHTS) as (keyof ComplexitySignals)[])
    sum += s[key] * COMPLEXITY_WEIGHTS[key];
  return Math.round(Math.min(1, sum) * 100) / 100;
}
