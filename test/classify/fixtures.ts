import type { ChatCompletionRequest, ChatMessage } from "../../src/core/chat";
import labelled from "../fixtures/classification.jsonl?raw";
import languages from "../fixtures/classification-languages.jsonl?raw";

/** One labelled prompt of test/fixtures/classification.jsonl. */
export interface LabelledPrompt {
  id: string;
  category: string;
  lang: string;
  messages: ChatMessage[];
  tools?: ChatCompletionRequest["tools"];
  response_format?: ChatCompletionRequest["response_format"];
  notes?: string;
}

export interface LanguageSample {
  lang: string;
  size: "tiny" | "short" | "long" | "code";
  text: string;
}

const parse = <T>(text: string): T[] =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

export const LABELLED: LabelledPrompt[] = parse(labelled);
export const LANGUAGE_SAMPLES: LanguageSample[] = parse(languages);

/** The chat request a labelled prompt stands for. */
export function requestOf(p: LabelledPrompt): ChatCompletionRequest {
  return { model: "auto", messages: p.messages, tools: p.tools, response_format: p.response_format };
}

/** A one-message request. */
export function userRequest(
  content: ChatMessage["content"],
  extra: Partial<ChatCompletionRequest> = {},
): ChatCompletionRequest {
  return { model: "auto", messages: [{ role: "user", content } as ChatMessage], ...extra };
}
