import { RouterError } from "./errors";
import type { ChatCompletionRequest } from "./chat";

/**
 * What a request may need from a model beyond plain text. The catalog's `capabilities` object
 * states which of these each model has (tools, images and jsonSchema exist today; the others are
 * proposed in issue 14's report).
 */
export type Capability =
  "tools" | "images" | "jsonSchema" | "multipleChoices" | "logprobs" | "audio" | "files" | "topK" | "assistantPrefill";

/** The capabilities a model has; a capability left out counts as absent. */
export type ModelCapabilities = Partial<Record<Capability, boolean>>;

/** Each capability a request needs, with the parameter that needs it (for the error message). */
export type RequiredCapabilities = Partial<Record<Capability, string>>;

/**
 * The capabilities a chat request needs, each with the first parameter that asks for it:
 * tools (tools, or tool calls/results in the history), images and audio and files (content parts),
 * jsonSchema (response_format json_schema), multipleChoices (n > 1), logprobs (logprobs or
 * top_logprobs), audio also for `modalities`/`audio` output, topK (`top_k`, from the Messages API)
 * and assistantPrefill (a last assistant message without tool calls, which Anthropic continues
 * and OpenAI answers anew). Pure; reads nothing but the request.
 * @example requiredCapabilities({ model: "auto", n: 2, logprobs: true, messages }) // { multipleChoices: "n", logprobs: "logprobs" }
 */
export function requiredCapabilities(req: ChatCompletionRequest): RequiredCapabilities {
  const need: RequiredCapabilities = {};
  const add = (c: Capability, param: string) => (need[c] ??= param);
  const extra = req as Record<string, unknown>;
  if (req.tools?.length) add("tools", "tools");
  if (req.response_format?.type === "json_schema") add("jsonSchema", "response_format");
  if ((req.n ?? 1) > 1) add("multipleChoices", "n");
  if (extra.logprobs === true) add("logprobs", "logprobs");
  else if (typeof extra.top_logprobs === "number" && extra.top_logprobs > 0) add("logprobs", "top_logprobs");
  if (Array.isArray(extra.modalities) && extra.modalities.includes("audio")) add("audio", "modalities");
  else if (extra.audio != null) add("audio", "audio");
  if (extra.top_k != null) add("topK", "top_k");
  req.messages.forEach((m, i) => {
    if (m.role === "tool" || (m.role === "assistant" && m.tool_calls?.length)) add("tools", `messages[${i}]`);
    if (Array.isArray(m.content))
      m.content.forEach((p, j) => {
        const at = `messages[${i}].content[${j}]`;
        if (p.type === "image_url") add("images", at);
        else if (p.type === "input_audio") add("audio", at);
        else if (p.type === "file") add("files", at);
      });
  });
  const last = req.messages.at(-1);
  if (last?.role === "assistant" && !last.tool_calls?.length)
    add("assistantPrefill", `messages[${req.messages.length - 1}]`);
  return need;
}

export type Support = { ok: true } | { ok: false; missing: Capability; param: string };

/** Whether a model has every capability a request needs; the first missing one is named. */
export function supports(model: ModelCapabilities, required: RequiredCapabilities): Support {
  for (const [capability, param] of Object.entries(required) as [Capability, string][])
    if (model[capability] !== true) return { ok: false, missing: capability, param };
  return { ok: true };
}

const WHAT: Record<Capability, string> = {
  tools: "tool calling",
  images: "image input",
  jsonSchema: "structured output (response_format json_schema)",
  multipleChoices: "several choices per request (n > 1)",
  logprobs: "log probabilities",
  audio: "audio",
  files: "file input",
  topK: "top_k sampling",
  assistantPrefill: "continuing a final assistant message (prefill)",
};

/**
 * The 400 when no target left in a route has a capability the request needs: it names the
 * parameter, so the client can drop it or pick another model.
 * @example capabilityError({ ok: false, missing: "multipleChoices", param: "n" }, "gpt-4o-mini")
 */
export function capabilityError(missing: Extract<Support, { ok: false }>, model: string): RouterError {
  return new RouterError(
    400,
    `No model the router may use for '${model}' supports ${WHAT[missing.missing]}, which '${missing.param}' asks for. Remove '${missing.param}' or choose a model that supports it.`,
    "invalid_request_error",
    "unsupported_capability",
    missing.param,
    { capability: missing.missing },
  );
}
