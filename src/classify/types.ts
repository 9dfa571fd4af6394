/** What the router knows about a request's input before deciding where to send it. */
export interface Features {
  /** Estimated input tokens of the whole request (messages, tools, schema). */
  inputTokens: number;
  messageCount: number;
  /** User turns. */
  turnCount: number;
  /** Characters of the last user message's text. */
  lastUserChars: number;
  /** ISO 639-1 code of the last user message's language, or "und" when it cannot tell. */
  language: string;
  /** Dominant Unicode script of the last user message: "Latin", "Cyrillic", "Han", "Arabic", … */
  script: string;
  hasCode: boolean;
  hasJson: boolean;
  hasTable: boolean;
  hasUrl: boolean;
  hasTools: boolean;
  hasImages: boolean;
  responseFormat: "text" | "json_object" | "json_schema";
  /** Structural complexity 0..1: multi-step instructions, constraints, asks for reasoning. */
  complexity: number;
}

/** How the category was found, cheapest first. */
export type CategorySource = "tag" | "alias" | "pattern" | "cache" | "model" | "fallback" | "none";

export interface Classification {
  /** A category id from the config, or "unknown" (nothing settled it: the safe default). */
  category: string;
  source: CategorySource;
  confidence?: number;
  reason?: string;
  /** Set when the cheap model was called (or failed): its usage and cost go into the record. */
  classifier?: {
    model: string;
    latencyMs: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    /** Why the model's answer was not used, when it was not. */
    failure?: "timeout" | "error" | "unparseable" | "low_confidence" | "unknown_category";
  };
}

export const UNKNOWN_CATEGORY = "unknown";
