import { schemaProblem } from "../schema-check";
import { badRequest, isObject, type WireError } from "../wire-error";
import { invalidType, invalidValue, missing, validateMessages } from "./validate-messages";

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export function checkNumber(
  body: Record<string, unknown>,
  key: string,
  integer: boolean,
  min: number,
  max?: number,
): WireError | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || (integer && !Number.isInteger(v)))
    return invalidType(key, integer ? "an integer" : "a decimal", v);
  const kind = integer ? "integer" : "decimal";
  if (v < min)
    return badRequest(
      `Invalid '${key}': ${kind} below minimum value. Expected a value >= ${min}, but got ${v} instead.`,
      key,
      `${kind}_below_min_value`,
    );
  if (max !== undefined && v > max)
    return badRequest(
      `Invalid '${key}': ${kind} above maximum value. Expected a value <= ${max}, but got ${v} instead.`,
      key,
      `${kind}_above_max_value`,
    );
  return undefined;
}

function checkTools(body: Record<string, unknown>): WireError | undefined {
  const tools = body.tools;
  if (tools === undefined) {
    return body.tool_choice !== undefined
      ? badRequest(
          "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
          "tool_choice",
        )
      : undefined;
  }
  if (!Array.isArray(tools)) return invalidType("tools", "an array", tools);
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    if (!isObject(t)) return invalidType(`tools[${i}]`, "an object", t);
    if (t.type !== "function")
      return t.type === undefined
        ? missing(`tools[${i}].type`)
        : invalidValue(`tools[${i}].type`, t.type, ["function"]);
    if (!isObject(t.function) || t.function.name === undefined) return missing(`tools[${i}].function.name`);
    if (typeof t.function.name !== "string" || !TOOL_NAME.test(t.function.name))
      return badRequest(
        `Invalid 'tools[${i}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        `tools[${i}].function.name`,
        "invalid_value",
      );
    const params = t.function.parameters;
    const problem = params === undefined ? undefined : schemaProblem(params);
    if (problem)
      return badRequest(
        `Invalid schema for function '${t.function.name}': ${problem}.`,
        `tools[${i}].function.parameters`,
        "invalid_function_parameters",
      );
  }
  return checkToolChoice(body.tool_choice, tools as { function: { name: string } }[]);
}

function checkToolChoice(choice: unknown, tools: { function: { name: string } }[]): WireError | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === "string")
    return ["none", "auto", "required"].includes(choice)
      ? undefined
      : invalidValue("tool_choice", choice, ["none", "auto", "required"]);
  if (
    !isObject(choice) ||
    choice.type !== "function" ||
    !isObject(choice.function) ||
    typeof choice.function.name !== "string"
  )
    return missing("tool_choice.function.name");
  const name = choice.function.name;
  return tools.some((t) => t.function.name === name)
    ? undefined
    : badRequest(`Invalid value for 'tool_choice': function '${name}' is not one of the tools.`, "tool_choice");
}

function mentionsJson(messages: unknown[]): boolean {
  return messages.some((m) => /json/i.test(JSON.stringify((m as { content?: unknown }).content ?? "")));
}

function checkResponseFormat(body: Record<string, unknown>): WireError | undefined {
  const rf = body.response_format;
  if (rf === undefined || rf === null) return undefined;
  const types = ["text", "json_object", "json_schema"];
  if (!isObject(rf)) return invalidType("response_format", "an object", rf);
  if (!types.includes(String(rf.type))) return invalidValue("response_format.type", rf.type, types);
  if (rf.type === "json_object" && !mentionsJson(body.messages as unknown[]))
    return badRequest(
      "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
      "messages",
    );
  if (rf.type !== "json_schema") return undefined;
  if (!isObject(rf.json_schema)) return missing("response_format.json_schema");
  if (typeof rf.json_schema.name !== "string") return missing("response_format.json_schema.name");
  const problem = rf.json_schema.schema === undefined ? undefined : schemaProblem(rf.json_schema.schema);
  if (problem)
    return badRequest(
      `Invalid schema for response_format '${rf.json_schema.name}': ${problem}.`,
      "response_format",
      "invalid_json_schema",
    );
  return undefined;
}

function checkStop(stop: unknown): WireError | undefined {
  if (stop === undefined || stop === null || typeof stop === "string") return undefined;
  if (!Array.isArray(stop) || stop.some((s) => typeof s !== "string"))
    return invalidType("stop", "one of a string or array of strings", stop);
  if (stop.length > 4)
    return badRequest(
      `Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${stop.length} instead.`,
      "stop",
      "array_above_max_length",
    );
  return undefined;
}

function checkStream(body: Record<string, unknown>): WireError | undefined {
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean")
    return invalidType("stream", "a boolean", body.stream);
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true)
    return badRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
  return undefined;
}

/** Checks a Chat Completions body the way the real API does; returns the first problem found. */
export function validateChatBody(body: unknown): WireError | undefined {
  if (!isObject(body)) return invalidType("body", "an object", body);
  if (typeof body.model !== "string" || body.model === "") return badRequest("you must provide a model parameter");
  return (
    validateMessages(body.messages) ??
    checkNumber(body, "max_tokens", true, 1) ??
    checkNumber(body, "max_completion_tokens", true, 1) ??
    checkNumber(body, "temperature", false, 0, 2) ??
    checkNumber(body, "top_p", false, 0, 1) ??
    checkNumber(body, "n", true, 1, 128) ??
    checkStream(body) ??
    checkStop(body.stop) ??
    checkTools(body) ??
    checkResponseFormat(body)
  );
}
