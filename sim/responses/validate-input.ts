import { invalidType, invalidValue, missing } from "../openai/validate-messages";
import { badRequest, isObject, type WireError } from "../wire-error";

const ITEM_TYPES = ["message", "function_call", "function_call_output", "item_reference", "reasoning"];
const ROLES = ["user", "assistant", "system", "developer"];
const INPUT_PARTS = ["input_text", "input_image", "input_file"];
const ASSISTANT_PARTS = ["output_text", "refusal", "input_text"];

function checkParts(content: unknown[], at: string, allowed: string[]): WireError | undefined {
  for (let j = 0; j < content.length; j++) {
    const part = content[j];
    const p = `${at}[${j}]`;
    if (!isObject(part)) return invalidType(p, "an object", part);
    if (part.type === undefined) return missing(`${p}.type`);
    if (!allowed.includes(String(part.type))) return invalidValue(`${p}.type`, part.type, allowed);
    if ((part.type === "input_text" || part.type === "output_text") && typeof part.text !== "string")
      return part.text === undefined ? missing(`${p}.text`) : invalidType(`${p}.text`, "a string", part.text);
    if (part.type === "input_image" && typeof part.image_url !== "string" && typeof part.file_id !== "string")
      return missing(`${p}.image_url`);
  }
  return undefined;
}

function checkMessage(item: Record<string, unknown>, at: string): WireError | undefined {
  if (item.role === undefined) return missing(`${at}.role`);
  if (!ROLES.includes(String(item.role))) return invalidValue(`${at}.role`, item.role, ROLES);
  const c = item.content;
  if (c === undefined) return missing(`${at}.content`);
  if (typeof c === "string") return undefined;
  if (!Array.isArray(c)) return invalidType(`${at}.content`, "one of a string or array of objects", c);
  return checkParts(c, `${at}.content`, item.role === "assistant" ? ASSISTANT_PARTS : INPUT_PARTS);
}

function checkItem(item: unknown, at: string): WireError | undefined {
  if (!isObject(item)) return invalidType(at, "an object", item);
  const type = item.type ?? (item.role !== undefined ? "message" : undefined);
  if (type === undefined) return missing(`${at}.type`);
  if (!ITEM_TYPES.includes(String(type))) return invalidValue(`${at}.type`, type, ITEM_TYPES);
  switch (type) {
    case "message":
      return checkMessage(item, at);
    case "function_call":
      for (const k of ["call_id", "name", "arguments"])
        if (typeof item[k] !== "string")
          return item[k] === undefined ? missing(`${at}.${k}`) : invalidType(`${at}.${k}`, "a string", item[k]);
      return undefined;
    case "function_call_output":
      if (typeof item.call_id !== "string") return missing(`${at}.call_id`);
      if (typeof item.output === "string") return undefined;
      if (!Array.isArray(item.output))
        return invalidType(`${at}.output`, "one of a string or array of objects", item.output);
      return checkParts(item.output, `${at}.output`, INPUT_PARTS);
    case "item_reference":
      return badRequest(`Item with id '${String(item.id)}' not found.`, "input", "item_not_found");
    default:
      return badRequest(`Reasoning items are not accepted by the simulator.`, `${at}.type`);
  }
}

/** Every function_call_output answers an earlier function_call; every function_call is answered. */
function checkPairs(items: Record<string, unknown>[]): WireError | undefined {
  const calls = new Set<string>();
  const answered = new Set<string>();
  for (const item of items) {
    if (item.type === "function_call") calls.add(item.call_id as string);
    if (item.type !== "function_call_output") continue;
    const id = item.call_id as string;
    if (!calls.has(id)) return badRequest(`No tool call found for function call output with call_id ${id}.`, "input");
    answered.add(id);
  }
  for (const id of calls)
    if (!answered.has(id)) return badRequest(`No tool output found for function call ${id}.`, "input");
  return undefined;
}

/** Checks `input` the way the Responses API does; returns the first problem found. */
export function validateInput(input: unknown): WireError | undefined {
  if (input === undefined) return missing("input");
  if (typeof input === "string") return undefined;
  if (!Array.isArray(input)) return invalidType("input", "one of a string or array of input items", input);
  for (let i = 0; i < input.length; i++) {
    const err = checkItem(input[i], `input[${i}]`);
    if (err) return err;
  }
  return checkPairs(input as Record<string, unknown>[]);
}
