import { badRequest, isObject, jsonType, type WireError } from "../wire-error";

const ROLES = ["system", "assistant", "user", "function", "tool", "developer"];
const USER_PARTS = ["text", "image_url", "input_audio", "file"];
const ASSISTANT_PARTS = ["text", "refusal"];

/** `Supported values are: 'a', 'b', and 'c'.` the way OpenAI words it. */
export function supported(values: string[]): string {
  const q = values.map((v) => `'${v}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}` : q[0];
}

export const missing = (param: string) =>
  badRequest(`Missing required parameter: '${param}'.`, param, "missing_required_parameter");
export const invalidType = (param: string, expected: string, v: unknown) =>
  badRequest(
    `Invalid type for '${param}': expected ${expected}, but got ${jsonType(v)} instead.`,
    param,
    "invalid_type",
  );
export const invalidValue = (param: string, v: unknown, values: string[]) =>
  badRequest(`Invalid value: '${String(v)}'. Supported values are: ${supported(values)}.`, param, "invalid_value");

function checkParts(content: unknown[], at: string, allowed: string[]): WireError | undefined {
  for (let j = 0; j < content.length; j++) {
    const part = content[j];
    const p = `${at}.content[${j}]`;
    if (!isObject(part)) return invalidType(p, "an object", part);
    if (part.type === undefined) return missing(`${p}.type`);
    if (!allowed.includes(String(part.type))) return invalidValue(`${p}.type`, part.type, allowed);
    if (part.type === "text" && typeof part.text !== "string")
      return part.text === undefined ? missing(`${p}.text`) : invalidType(`${p}.text`, "a string", part.text);
    if (part.type === "image_url" && !(isObject(part.image_url) && typeof part.image_url.url === "string"))
      return missing(`${p}.image_url.url`);
  }
  return undefined;
}

function checkContent(m: Record<string, unknown>, at: string): WireError | undefined {
  const c = m.content;
  const role = m.role as string;
  if (c === undefined || c === null) {
    if (role === "assistant" && Array.isArray(m.tool_calls) && m.tool_calls.length > 0) return undefined;
    return missing(`${at}.content`);
  }
  if (typeof c === "string") return undefined;
  if (!Array.isArray(c)) return invalidType(`${at}.content`, "one of a string or array of objects", c);
  const allowed = role === "user" ? USER_PARTS : role === "assistant" ? ASSISTANT_PARTS : ["text"];
  return checkParts(c, at, allowed);
}

function checkToolCalls(m: Record<string, unknown>, at: string): WireError | undefined {
  if (m.tool_calls === undefined) return undefined;
  if (!Array.isArray(m.tool_calls)) return invalidType(`${at}.tool_calls`, "an array", m.tool_calls);
  for (let j = 0; j < m.tool_calls.length; j++) {
    const tc = m.tool_calls[j];
    const p = `${at}.tool_calls[${j}]`;
    if (!isObject(tc)) return invalidType(p, "an object", tc);
    if (typeof tc.id !== "string") return missing(`${p}.id`);
    if (tc.type !== "function")
      return tc.type === undefined ? missing(`${p}.type`) : invalidValue(`${p}.type`, tc.type, ["function"]);
    if (!isObject(tc.function) || typeof tc.function.name !== "string") return missing(`${p}.function.name`);
    if (typeof tc.function.arguments !== "string") return missing(`${p}.function.arguments`);
  }
  return undefined;
}

/** Tool messages answer the tool calls of the assistant message before them, every one of them. */
function checkToolPairs(messages: Record<string, unknown>[]): WireError | undefined {
  let open: Set<string> | undefined;
  let openAt = -1;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.role === "tool") {
      if (!open)
        return badRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
        );
      const id = m.tool_call_id as string;
      if (!open.delete(id))
        return badRequest(
          `Invalid parameter: 'tool_call_id' of '${id}' not found in 'tool_calls' of previous message.`,
          `messages.[${i}].tool_call_id`,
        );
      continue;
    }
    if (open && open.size > 0) return unanswered(openAt, open);
    open = undefined;
    if (m.role === "assistant" && Array.isArray(m.tool_calls) && m.tool_calls.length > 0) {
      open = new Set(m.tool_calls.map((tc) => (tc as { id: string }).id));
      openAt = i;
    }
  }
  return open && open.size > 0 ? unanswered(openAt, open) : undefined;
}

function unanswered(at: number, ids: Set<string>): WireError {
  const list = [...ids].join(", ");
  return badRequest(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${list}`,
    `messages.[${at}].role`,
  );
}

/** Checks `messages` the way the Chat Completions API does; returns the first problem found. */
export function validateMessages(messages: unknown): WireError | undefined {
  if (messages === undefined) return missing("messages");
  if (!Array.isArray(messages)) return invalidType("messages", "an array of objects", messages);
  if (messages.length === 0)
    return badRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      "messages",
      "empty_array",
    );
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const at = `messages[${i}]`;
    if (!isObject(m)) return invalidType(at, "an object", m);
    if (m.role === undefined) return missing(`${at}.role`);
    if (!ROLES.includes(String(m.role))) return invalidValue(`${at}.role`, m.role, ROLES);
    if (m.role === "tool" && typeof m.tool_call_id !== "string") return missing(`${at}.tool_call_id`);
    const err = checkContent(m, at) ?? (m.role === "assistant" ? checkToolCalls(m, at) : undefined);
    if (err) return err;
  }
  return checkToolPairs(messages as Record<string, unknown>[]);
}
