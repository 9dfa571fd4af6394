import type { CategorySource, Features } from "../classify/types";
import type { Route } from "../config/schema";
import type { DecisionTarget } from "../core/catalog";

/** The facts a rule can test. Pure data: built by the Worker, the replay and the CLI alike. */
export interface RequestContext {
  /** The model the client asked for (a catalog id or an alias such as "auto"). */
  requestedModel: string;
  /** Explicit task tag: header x-router-task, metadata.task, or a router/<category> alias. */
  task?: string;
  clientId?: string;
  metadata: Record<string, string>;
  features: Features;
  /** Last user message text, for `pattern` conditions. */
  lastUserText: string;
  /** Undefined until classification has run; rules that test it then report `needsCategory`. */
  category?: string;
  /** How the category was found; shown in Decision.reason ("category=extraction (classifier)"). */
  categorySource?: CategorySource;
}

export interface Decision {
  /** Rule id, or "default", or "explicit-model" when the client's own model choice was honoured. */
  rule: string;
  route: string;
  /** Human-readable: why this rule matched (the conditions that held). */
  reason: string;
  targets: DecisionTarget[];
  /** Resolved route settings (deadlines, retry, hedge, shadow) for the dispatcher. */
  routeConfig: Route;
}

/** The evaluator either decides, or says it cannot without the request's category. */
export type EvaluationResult = { kind: "decided"; decision: Decision } | { kind: "needsCategory"; ruleId: string };
