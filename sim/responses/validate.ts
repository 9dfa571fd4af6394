import { checkNumber } from "../openai/validate";
import { invalidType, invalidValue, missing } from "../openai/validate-messages";
import { schemaProblem } from "../schema-check";
import { badRequest, isObject, type WireError } from "../wire-error";
import { validateInput } from "./validate-input";

const KNOWN = new Set([
  "model",
  "input",
  "instructions",
  "tools",
  "tool_choice",
  "text",
  "max_output_tokens",
  "temperature",
  "top_p",
  "metadata",
  "stream",
  "stream_options",
  "parallel_tool_calls",
  "user",
  "store",
  "reasoning",
  "include",
  "truncation",
  "previous_response_id",
  "background",
  "service_tier",
  "prompt_cache_key",
  "safety_identifier",
  "top_logprobs",
  "max_tool_calls",
  "conversation",
  "prompt",
]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function checkTools(body: Record<string, unknown>): WireError | undefined {
  const tools = body.tools ?? [];
  if (!Array.isArray(tools)) return invalidType("tools", "an array", tools);
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    const at = `tools[${i}]`;
    if (!isObject(t)) return invalidType(at, "an object", t);
    if (t.type !== "function")
      return t.type === undefined ? missing(`${at}.type`) : invalidValue(`${at}.type`, t.type, ["function"]);
    if (typeof t.name !== "string") return missing(`${at}.name`);
    if (!TOOL_NAME.test(t.name))
      return badRequest(
        `Invalid '${at}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        `${at}.name`,
        "invalid_value",
      );
    const problem = t.parameters == null ? undefined : schemaProblem(t.parameters);
    if (problem)
      return badRequest(
        `Invalid schema for function '${t.name}': ${problem}.`,
        `${at}.parameters`,
        "invalid_function_parameters",
      );
  }
  const choice = body.tool_choice;
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === "string")
    return ["none", "auto", "required"].includes(choice)
      ? undefined
      : invalidValue("tool_choice", choice, ["none", "auto", "required"]);
  if (!isObject(choice) || choice.type !== "function" || typeof choice.name !== "string")
    return missing("tool_choice.name");
  const name = choice.name;
  return (tools as { name?: string }[]).some((t) => t.name === name)
    ? undefined
    : badRequest(`Tool choice '${name}' not found in 'tools' parameter.`, "tool_choice");
}

function checkText(text: unknown, input: unknown, instructions: unknown): WireError | undefined {
  if (text === undefined || text === null) return undefined;
  if (!isObject(text)) return invalidType("text", "an object", text);
  const f = text.format;
  if (f === undefined || f === null) return undefined;
  const types = ["text", "json_object", "json_schema"];
  if (!isObject(f) || !types.includes(String(f.type)))
    return invalidValue("text.format.type", isObject(f) ? f.type : f, types);
  if (f.type === "json_object" && !/json/i.test(JSON.stringify([input, instructions ?? ""])))
    return badRequest(
      "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.",
      "input",
    );
  if (f.type !== "json_schema") return undefined;
  if (typeof f.name !== "string") return missing("text.format.name");
  if (!isObject(f.schema)) return missing("text.format.schema");
  const problem = schemaProblem(f.schema);
  return problem
    ? badRequest(
        `Invalid schema for response_format '${f.name}': ${problem}.`,
        "text.format.schema",
        "invalid_json_schema",
      )
    : undefined;
}

function checkState(body: Record<string, unknown>): WireError | undefined {
  if (typeof body.previous_response_id === "string")
    return badRequest(
      `Previous response with id '${body.previous_response_id}' not found.`,
      "previous_response_id",
      "previous_response_not_found",
    );
  if (body.background === true) return badRequest("The simulator does not run background responses.", "background");
  if (body.conversation != null) return badRequest("Conversation not found.", "conversation");
  return undefined;
}

/** Checks a Responses API body the way the real API does; returns the first problem found. */
export function validateResponsesBody(body: unknown): WireError | undefined {
  if (!isObject(body)) return invalidType("body", "an object", body);
  for (const k of Object.keys(body))
    if (!KNOWN.has(k)) return badRequest(`Unknown parameter: '${k}'.`, k, "unknown_parameter");
  if (typeof body.model !== "string" || body.model === "") return missing("model");
  if (body.instructions != null && typeof body.instructions !== "string")
    return invalidType("instructions", "a string", body.instructions);
  if (body.stream != null && typeof body.stream !== "boolean") return invalidType("stream", "a boolean", body.stream);
  return (
    validateInput(body.input) ??
    checkNumber(body, "max_output_tokens", true, 16) ??
    checkNumber(body, "temperature", false, 0, 2) ??
    checkNumber(body, "top_p", false, 0, 1) ??
    checkNumber(body, "top_logprobs", true, 0, 20) ??
    checkTools(body) ??
    checkText(body.text, body.input, body.instructions) ??
    checkState(body)
  );
}
