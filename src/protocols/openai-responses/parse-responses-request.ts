import type * as z from "zod";
import type { RouterError } from "../../core/errors";
import { invalidParam, supportedValues, unsupportedParam, zodParamError } from "./responses-errors";
import {
  AssistantMessage,
  FunctionCallItem,
  FunctionCallOutputItem,
  FunctionToolDef,
  InputMessage,
  type InputItem,
  type ResponsesRequest,
  ResponsesRequestShape,
  ResponsesToolChoice,
} from "./responses-request-schema";

const ITEM_TYPES = ["message", "function_call", "function_call_output"];
const STATELESS = "it keeps no conversation state; send the whole conversation in 'input'.";
/** `include` values that ask for nothing the router could return anyway. */
const HARMLESS_INCLUDES = new Set(["reasoning.encrypted_content", "message.input_image.image_url"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks a `POST /v1/responses` body and refuses what the router cannot do statelessly, each with
 * a 400 naming the parameter (OpenAI's error shape): stored state (`previous_response_id`,
 * `conversation`, `store: true`, `item_reference` items, `prompt`), `background`, built-in tools,
 * `truncation: "auto"`, logprobs and reasoning summaries.
 * @example parseResponsesRequest({ model: "auto", input: "Hi" }) // { model: "auto", input: "Hi" }
 * @throws RouterError 400
 */
export function parseResponsesRequest(raw: unknown): ResponsesRequest {
  if (!isObject(raw)) throw invalidParam("", "The request body must be a JSON object.", "invalid_type");
  const shape = ResponsesRequestShape.safeParse(raw);
  if (!shape.success) throw zodParamError(shape.error);
  const body = shape.data;
  refuseStateful(body);
  const tools = body.tools?.map(parseTool);
  const req: ResponsesRequest = {
    ...body,
    input: parseInput(body.input),
    tools: tools ?? undefined,
    tool_choice: undefined,
  };
  if (body.tools == null) delete req.tools;
  if (body.tool_choice != null) req.tool_choice = parseToolChoice(body.tool_choice, tools ?? []);
  else delete req.tool_choice;
  return req;
}

function refuseStateful(b: ResponsesRequestShape): void {
  if (b.previous_response_id != null) throw unsupportedParam("previous_response_id", STATELESS);
  if (b.conversation != null) throw unsupportedParam("conversation", STATELESS);
  if (b.store === true)
    throw unsupportedParam("store", "it stores no responses; leave 'store' out or set it to false.");
  if (b.prompt != null)
    throw unsupportedParam("prompt", "prompt templates live at OpenAI; send 'instructions' and 'input' instead.");
  if (b.background === true) throw unsupportedParam("background", "responses are served in the foreground only.");
  if (b.truncation === "auto")
    throw unsupportedParam(
      "truncation",
      "the input is never truncated; leave 'truncation' out or set it to \"disabled\".",
    );
  if (b.top_logprobs)
    throw unsupportedParam(
      "top_logprobs",
      "log probabilities are not translated on this endpoint; use /v1/chat/completions with 'logprobs'.",
    );
  if (b.max_tool_calls != null)
    throw unsupportedParam("max_tool_calls", "it applies to built-in tools, which the router does not run.");
  if (b.reasoning?.summary != null || b.reasoning?.generate_summary != null)
    throw unsupportedParam("reasoning.summary", "reasoning summaries are not produced through the router.");
  const include = b.include?.findIndex((v) => !HARMLESS_INCLUDES.has(v)) ?? -1;
  if (include >= 0)
    throw unsupportedParam(`include[${include}]`, `'${b.include![include]}' is not available through the router.`);
}

function parseInput(input: string | unknown[]): string | InputItem[] {
  if (typeof input === "string") return input;
  if (input.length === 0)
    throw invalidParam(
      "input",
      "Invalid 'input': empty array. Expected an array with at least one item.",
      "empty_array",
    );
  return input.map(parseItem);
}

function parseItem(raw: unknown, i: number): InputItem {
  const at = `input[${i}]`;
  if (!isObject(raw)) throw invalidParam(at, `Invalid type for '${at}': expected an object.`, "invalid_type");
  const type = raw.type ?? (raw.role !== undefined ? "message" : undefined);
  if (type === undefined)
    throw invalidParam(`${at}.type`, `Missing required parameter: '${at}.type'.`, "missing_required_parameter");
  if (typeof type !== "string")
    throw invalidParam(`${at}.type`, `Invalid type for '${at}.type': expected a string.`, "invalid_type");
  const schema = itemSchema(type, raw.role, at);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodParamError(parsed.error, ["input", i]);
  return parsed.data as InputItem;
}

function itemSchema(type: string, role: unknown, at: string): z.ZodType {
  switch (type) {
    case "message":
      return role === "assistant" ? AssistantMessage : InputMessage;
    case "function_call":
      return FunctionCallItem;
    case "function_call_output":
      return FunctionCallOutputItem;
    case "item_reference":
      throw unsupportedParam(`${at}.type`, `items are not stored, so they cannot be referenced; ${STATELESS}`);
    default:
      if (/_call(_output)?$|^reasoning$|^mcp_|^compaction/.test(type))
        throw unsupportedParam(
          `${at}.type`,
          `input items of type '${type}' belong to built-in tools or stored reasoning, which the router does not run.`,
        );
      throw invalidParam(
        `${at}.type`,
        `Invalid value: '${type}'. Supported values are: ${supportedValues(ITEM_TYPES)}.`,
      );
  }
}

function parseTool(raw: unknown, i: number): z.infer<typeof FunctionToolDef> {
  const at = `tools[${i}]`;
  if (!isObject(raw)) throw invalidParam(at, `Invalid type for '${at}': expected an object.`, "invalid_type");
  if (raw.type !== "function") {
    if (typeof raw.type !== "string")
      throw invalidParam(`${at}.type`, `Missing required parameter: '${at}.type'.`, "missing_required_parameter");
    throw unsupportedParam(
      `${at}.type`,
      `built-in tools such as '${raw.type}' run at OpenAI; only 'function' tools are supported.`,
    );
  }
  const parsed = FunctionToolDef.safeParse(raw);
  if (!parsed.success) throw zodParamError(parsed.error, ["tools", i]);
  return parsed.data;
}

function parseToolChoice(raw: unknown, tools: { name: string }[]): z.infer<typeof ResponsesToolChoice> {
  if (isObject(raw) && raw.type !== "function" && typeof raw.type === "string")
    throw unsupportedParam(
      "tool_choice",
      `tool_choice of type '${raw.type}' needs built-in tools or tool sets the router does not support.`,
    );
  const parsed = ResponsesToolChoice.safeParse(raw);
  if (!parsed.success) throw zodParamError(parsed.error, ["tool_choice"]) satisfies RouterError;
  const choice = parsed.data;
  if (typeof choice === "object" && !tools.some((t) => t.name === choice.name))
    throw invalidParam("tool_choice", `Tool choice '${choice.name}' not found in 'tools' parameter.`);
  if (choice !== "none" && choice !== "auto" && tools.length === 0)
    throw invalidParam("tool_choice", "Invalid value for 'tool_choice': it requires 'tools'.");
  return choice;
}
