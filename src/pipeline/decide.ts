import type { ChatCompletionRequest } from "../core/chat";
import { extractFeatures, lastUserText, promptHash } from "../classify/features/features";
import { classifyLocal, classifyRemote, type ClassifyDeps, type ClassifyInput } from "../classify/category/pipeline";
import type { Classification, Features } from "../classify/types";
import { evaluate } from "../rules/evaluate";
import { resolveModelName } from "../rules/compile";
import type { ActiveConfig } from "../rules/store";
import type { Decision, RequestContext } from "../rules/types";
import { RouterError } from "../core/errors";

export interface DecideInput {
  active: ActiveConfig;
  body: ChatCompletionRequest;
  /** Header x-router-task, when the client sent one. */
  taskHeader?: string;
  clientId: string;
  /** Stable key for canary splits (the request id). */
  splitKey: string;
  /** Cache and cheap model; without them only the local passes run (dry runs, replay). */
  classifier?: ClassifyDeps;
}

export interface DecideResult {
  decision: Decision;
  classification: Classification;
  features: Features;
  context: RequestContext;
  /** Wall time spent in the cheap-model classifier (0 when not called). */
  classifierMs: number;
  /** Hash of the normalised last user message (the record keeps it instead of the text). */
  promptHash: string;
}

const NOT_NEEDED: Classification = { category: "", source: "none" };

/**
 * Steps 1–4 of a request: features → local classification (tag, alias, patterns) → rules; the
 * cheap model runs only when the first undecidable rule needs the category.
 */
export async function decide(input: DecideInput): Promise<DecideResult> {
  const { active, body } = input;
  const resolved = resolveModelName(active.compiled, body.model);
  if (!resolved) throw unknownModel(body.model);
  const features = extractFeatures(body);
  const text = lastUserText(body);
  const metadata = body.metadata ?? {};
  const aliasTask = resolved.kind === "alias" ? resolved.task : undefined;
  const task = input.taskHeader || metadata.task || aliasTask;
  const context: RequestContext = {
    requestedModel: body.model,
    task,
    clientId: input.clientId,
    metadata,
    features,
    lastUserText: text,
  };
  const hashing = promptHash(text);
  const classifyInput: ClassifyInput = {
    req: body,
    features,
    lastUserText: text,
    task,
    taskSource: task && task === aliasTask && !input.taskHeader && !metadata.task ? "alias" : "tag",
    settings: active.config.classifier,
    categories: active.config.categories,
    promptHash: hashing,
  };
  const local = classifyLocal(classifyInput);
  let classification = local ?? NOT_NEEDED;
  if (local) setCategory(context, local);
  let result = evaluate(active.compiled, context, { splitKey: input.splitKey });
  let classifierMs = 0;
  if (result.kind === "needsCategory") {
    const started = Date.now();
    classification = local ?? (await classifyRemote(classifyInput, input.classifier));
    classifierMs = classification.classifier ? Date.now() - started : 0;
    setCategory(context, classification);
    result = evaluate(active.compiled, context, { splitKey: input.splitKey });
    if (result.kind === "needsCategory")
      throw new Error(`rule ${result.ruleId} still needs a category after classification`);
  }
  return { decision: result.decision, classification, features, context, classifierMs, promptHash: await hashing };
}

function setCategory(context: RequestContext, c: Classification): void {
  context.category = c.category;
  context.categorySource = c.source;
}

export function unknownModel(model: string): RouterError {
  return new RouterError(
    404,
    `The model '${model}' does not exist or is not served by this router. GET /v1/models lists the models and aliases you can use.`,
    "invalid_request_error",
    "model_not_found",
    "model",
  );
}
