import { schemaProblem } from "../schema-check";
import { isObject, type WireError } from "../wire-error";
import { invalid, validateMessages } from "./validate-messages";

const TOP_LEVEL = new Set([
  "model",
  "messages",
  "max_tokens",
  "system",
  "stop_sequences",
  "stream",
  "temperature",
  "top_p",
  "top_k",
  "tools",
  "tool_choice",
  "metadata",
  "thinking",
  "service_tier",
  "container",
  "mcp_servers",
  "context_management",
]);
const TOOL_KEYS = new Set(["type", "name", "description", "input_schema", "cache_control"]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const SERVER_TOOL = /_\d{8}$/;

function checkRange(
  body: Record<string, unknown>,
  key: string,
  min: number,
  max?: number,
  integer = false,
): WireError | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || (integer && !Number.isInteger(v)))
    return invalid(key, integer ? "Input should be a valid integer" : "Input should be a valid number");
  if (v < min) return invalid(key, `Input should be greater than or equal to ${min}`);
  if (max !== undefined && v > max) return invalid(key, `Input should be less than or equal to ${max}`);
  return undefined;
}

function checkSystem(system: unknown): WireError | undefined {
  if (system === undefined || typeof system === "string") return undefined;
  if (!Array.isArray(system)) return invalid("system", "Input should be a valid string");
  for (let i = 0; i < system.length; i++) {
    const b = system[i];
    if (!isObject(b) || b.type !== "text") return invalid(`system.${i}.type`, "Input should be 'text'");
    if (typeof b.text !== "string") return invalid(`system.${i}.text`, "Field required");
  }
  return undefined;
}

function checkTool(t: unknown, i: number): WireError | undefined {
  const at = `tools.${i}`;
  if (!isObject(t)) return invalid(at, "Input should be a valid dictionary");
  if (typeof t.type === "string" && SERVER_TOOL.test(t.type)) return undefined;
  for (const k of Object.keys(t))
    if (!TOOL_KEYS.has(k)) return invalid(`${at}.custom.${k}`, "Extra inputs are not permitted");
  if (t.type !== undefined && t.type !== "custom") return invalid(`${at}.type`, "Input should be 'custom'");
  if (typeof t.name !== "string") return invalid(`${at}.custom.name`, "Field required");
  if (!TOOL_NAME.test(t.name))
    return invalid(`${at}.custom.name`, "String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
  if (!isObject(t.input_schema)) return invalid(`${at}.custom.input_schema`, "Field required");
  if (t.input_schema.type !== "object") return invalid(`${at}.custom.input_schema.type`, "Input should be 'object'");
  const problem = schemaProblem(t.input_schema);
  if (problem)
    return invalid(
      `${at}.custom.input_schema`,
      `JSON schema is invalid (${problem}). It must match JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12).`,
    );
  return undefined;
}

function checkTools(body: Record<string, unknown>): WireError | undefined {
  const { tools, tool_choice: choice } = body;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return invalid("tools", "Input should be a valid list");
    for (let i = 0; i < tools.length; i++) {
      const err = checkTool(tools[i], i);
      if (err) return err;
    }
  }
  if (choice === undefined) return undefined;
  if (!isObject(choice) || !["auto", "any", "tool", "none"].includes(String(choice.type)))
    return invalid(
      "tool_choice",
      "Input tag found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'",
    );
  if (tools === undefined && choice.type !== "none")
    return invalid("", "tool_choice may only be specified while providing tools.");
  if (choice.type !== "tool") return undefined;
  if (typeof choice.name !== "string") return invalid("tool_choice.tool.name", "Field required");
  const known = (tools as { name?: string }[]).some((t) => t.name === choice.name);
  return known ? undefined : invalid("tool_choice.tool.name", `Tool '${choice.name}' not found in tools`);
}

function checkMisc(body: Record<string, unknown>): WireError | undefined {
  const stop = body.stop_sequences;
  if (stop !== undefined && (!Array.isArray(stop) || stop.some((s) => typeof s !== "string")))
    return invalid("stop_sequences", "Input should be a valid list of strings");
  if (body.stream !== undefined && typeof body.stream !== "boolean")
    return invalid("stream", "Input should be a valid boolean");
  if (body.metadata !== undefined) {
    if (!isObject(body.metadata)) return invalid("metadata", "Input should be a valid dictionary");
    for (const k of Object.keys(body.metadata))
      if (k !== "user_id") return invalid(`metadata.${k}`, "Extra inputs are not permitted");
  }
  return undefined;
}

/** Checks a Messages API body the way the real API does; returns the first problem found. */
export function validateMessagesBody(body: unknown): WireError | undefined {
  if (!isObject(body)) return invalid("", "Input should be a valid dictionary");
  for (const k of Object.keys(body)) if (!TOP_LEVEL.has(k)) return invalid(k, "Extra inputs are not permitted");
  if (typeof body.model !== "string" || body.model === "") return invalid("model", "Field required");
  if (body.max_tokens === undefined) return invalid("max_tokens", "Field required");
  return (
    checkRange(body, "max_tokens", 1, undefined, true) ??
    validateMessages(body.messages) ??
    checkSystem(body.system) ??
    checkRange(body, "temperature", 0, 1) ??
    checkRange(body, "top_p", 0, 1) ??
    checkRange(body, "top_k", 0, undefined, true) ??
    checkTools(body) ??
    checkMisc(body)
  );
}
