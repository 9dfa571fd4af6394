import type { Mode } from "./types";

/**
 * One router mode of the benchmark. The prompt is not fixed: the rules and category patterns
 * change, so the benchmark tries the candidates in order and keeps the first one the router
 * actually handles the way the mode says (see `pickScenario` in cell.ts).
 */
export interface Scenario {
  mode: Mode;
  title: string;
  /** The model the client asks for. */
  requestModel: string;
  candidates: string[];
  /** x-router-category-source values that prove the mode, on the probe and in the records. */
  sources: string[];
  /** Sources allowed on the first request (the one that fills the classification cache). */
  firstSources?: string[];
}

/** Short support messages with no keyword of the local pass: only the cheap classifier settles them. */
const CLASSIFIER_ONLY = [
  "Which type of request is this, billing question or technical problem: my card was declined at checkout.",
  "Is this a billing question or a delivery issue: the courier left my parcel at the wrong address.",
  "One of: refund, exchange, repair. Customer wrote: the blender stopped working after a week.",
  "Which department should handle this message: my parcel arrived damaged and I want a refund.",
  "What is the intent of this customer message: I want to cancel my subscription next month.",
  "Triage this billing question from a customer: I paid for the annual plan but my invoice shows monthly.",
  "Is this a complaint or a compliment: the delivery was late again and nobody called me back.",
  "Pull the order number and the delivery date from this note: order 4411 arrives on 12 March.",
];

/** Prompts the local pattern pass settles on its own. */
const PATTERN_SETTLED = [
  "Classify this support ticket as billing, technical or general: 'I was charged twice this month.'",
  "Extract the invoice number and total as JSON: Invoice INV-1 total 20 EUR",
  "Summarize the following meeting notes in three bullet points: budget, hiring plan and roadmap.",
];

/** Sources that mean the cheap model was not consulted (and no classification was needed). */
const NO_CLASSIFIER = ["none", "tag", "alias", "pattern"];

export const SCENARIOS: Record<Mode, Scenario> = {
  explicit: {
    mode: "explicit",
    title: "explicit model",
    requestModel: "gpt-4o-mini",
    candidates: [...CLASSIFIER_ONLY, ...PATTERN_SETTLED],
    sources: NO_CLASSIFIER,
  },
  local: {
    mode: "local",
    title: "auto, rules decide locally",
    requestModel: "auto",
    candidates: PATTERN_SETTLED,
    sources: ["pattern"],
  },
  cached: {
    mode: "cached",
    title: "auto, cached classification",
    requestModel: "auto",
    candidates: CLASSIFIER_ONLY,
    sources: ["cache"],
    firstSources: ["model", "cache"],
  },
};

/** The chat request body for a model and prompt, streaming with usage or not. */
export function chatBody(model: string, prompt: string, stream: boolean): string {
  const body: Record<string, unknown> = { model, messages: [{ role: "user", content: prompt }] };
  if (stream) Object.assign(body, { stream: true, stream_options: { include_usage: true } });
  return JSON.stringify(body);
}

/** What one request through the router said about its routing. */
export interface Routed {
  status: number;
  /** The response's x-router-* headers. */
  routed: Record<string, string>;
}

/** The prompt a mode settled on, and the model the router sends it to. */
export interface Picked {
  prompt: string;
  upstreamModel: string;
}

/** 200, a category source the mode allows, an OpenAI-protocol provider (and the expected model, if given). */
export function routedAs(r: Routed, sources: string[], model?: string): boolean {
  const h = r.routed;
  return (
    r.status === 200 &&
    sources.includes(h["x-router-category-source"]) &&
    h["x-router-provider"] === "openai" &&
    (!model || h["x-router-model"] === model)
  );
}

/**
 * The first candidate prompt the router handles as the mode says, sent to an OpenAI-protocol model
 * (the bare Worker can only forward to that endpoint); for the cached mode, one that the cheap
 * model classifies and the second request finds in the cache. `send` posts a non-streaming body.
 */
export async function pickScenario(mode: Mode, send: (body: string) => Promise<Routed>): Promise<Picked> {
  const scenario = SCENARIOS[mode];
  const seen: string[] = [];
  for (const prompt of scenario.candidates) {
    const body = chatBody(scenario.requestModel, prompt, false);
    let r = await send(body);
    if (scenario.firstSources && routedAs(r, scenario.firstSources)) r = await send(body);
    seen.push(
      `"${prompt.slice(0, 40)}…" → ${r.status} ${r.routed["x-router-category-source"]} ${r.routed["x-router-model"]}`,
    );
    if (routedAs(r, scenario.sources)) return { prompt, upstreamModel: r.routed["x-router-model"] };
  }
  throw new Error(
    `no candidate prompt is routed as "${scenario.title}" (sources ${scenario.sources.join("|")}): ${seen.join("; ")}`,
  );
}
