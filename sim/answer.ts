import { CLASSIFIER_MARKER, classifyText, parseCategories, type ClassifierAnswer } from "./classifier";
import type { SimRequest, SimTool } from "./request";
import { sampleFromSchema } from "./schema-json";
import { estimateTokens, proseAnswer, stableId, topicOf } from "./text";

export type ClassifierFaultMode = "garbage" | "truncated" | "unknown" | "low";

export interface ToolCallOut {
  id: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

export type FinishReason = "stop" | "length" | "tool_calls" | "stop_sequence";

export interface Answer {
  text: string;
  toolCalls: ToolCallOut[];
  finish: FinishReason;
  /** The stop sequence that ended the text, when one did. */
  stopSequence: string | null;
  outputTokens: number;
}

const ECHO = /^echo:\s?/i;

/**
 * The deterministic answer to a request: a classifier verdict, a tool call, a reply to a tool
 * result, a JSON document or prose, then cut by stop sequences and max tokens.
 */
export function answer(req: SimRequest, classifierFault?: ClassifierFaultMode): Answer {
  if (req.system.includes(CLASSIFIER_MARKER)) return limit(req, classifierReply(req, classifierFault));
  const tools = chooseTools(req);
  if (tools.length > 0) {
    const calls = tools.map((t, i) => toolCall(req, t, i));
    const preface =
      req.protocol === "anthropic" && req.toolChoice === "auto" ? `I'll use the ${tools[0].name} tool for this.` : "";
    const outputTokens = estimateTokens(
      preface.length + calls.reduce((n, c) => n + c.name.length + c.arguments.length, 0),
    );
    return { text: preface, toolCalls: calls, finish: "tool_calls", stopSequence: null, outputTokens };
  }
  return limit(req, textReply(req));
}

function textReply(req: SimRequest): string {
  if (req.toolResult) {
    const { name, content } = req.toolResult;
    const quoted = content.replace(/\s+/g, " ").trim().slice(0, 300);
    return `Based on the ${name} result: ${quoted} ${proseAnswer(req.baseModel, content).split(". ").slice(-1)[0]}`;
  }
  if (ECHO.test(req.lastUser)) return req.lastUser.replace(ECHO, "");
  const prose = proseAnswer(req.baseModel, req.lastUser);
  if (req.format.type === "json_object") return JSON.stringify({ answer: prose, topic: topicOf(req.lastUser) });
  if (req.format.type === "json_schema") return JSON.stringify(sampleFromSchema(req.format.schema, req.lastUser));
  return prose;
}

function classifierReply(req: SimRequest, fault?: ClassifierFaultMode): string {
  const verdict: ClassifierAnswer = classifyText(req.lastUser, parseCategories(req.system));
  switch (fault) {
    case "garbage":
      return `I think this is probably ${verdict.category}, but I am not sure.`;
    case "truncated":
      return JSON.stringify(verdict).slice(0, 20);
    case "unknown":
      return JSON.stringify({ ...verdict, category: "something-else" });
    case "low":
      return JSON.stringify({ ...verdict, confidence: 0.12 });
    default:
      return JSON.stringify(verdict);
  }
}

function limit(req: SimRequest, full: string): Answer {
  let text = full;
  let finish: FinishReason = "stop";
  let stopSequence: string | null = null;
  for (const s of req.stop) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0) {
      text = text.slice(0, at);
      finish = "stop_sequence";
      stopSequence = s;
    }
  }
  if (req.maxTokens !== undefined && estimateTokens(text.length) > req.maxTokens) {
    text = text.slice(0, req.maxTokens * 4);
    finish = "length";
    stopSequence = null;
  }
  return { text, toolCalls: [], finish, stopSequence, outputTokens: estimateTokens(text.length) };
}

const GENERIC = new Set([
  "returns",
  "return",
  "current",
  "given",
  "specified",
  "using",
  "value",
  "values",
  "function",
  "information",
  "optional",
  "string",
  "which",
  "their",
  "about",
  "should",
  "would",
  "where",
  "there",
  "tool",
  "tools",
  "based",
  "provided",
]);

function mentions(tool: SimTool, lower: string): "name" | "description" | null {
  const name = tool.name.toLowerCase();
  if (lower.includes(name) || lower.includes(name.replace(/[_-]+/g, " "))) return "name";
  const words = tool.description.toLowerCase().match(/[\p{L}]{5,}/gu) ?? [];
  const said = new Set(lower.match(/[\p{L}]{5,}/gu) ?? []);
  return words.some((w) => !GENERIC.has(w) && said.has(w)) ? "description" : null;
}

function chooseTools(req: SimRequest): SimTool[] {
  const { tools, toolChoice } = req;
  if (tools.length === 0 || toolChoice === "none") return [];
  if (typeof toolChoice === "object") return tools.filter((t) => t.name === toolChoice.name).slice(0, 1);
  if (req.toolResult && toolChoice === "auto") return [];
  const lower = req.lastUser.toLowerCase();
  const marks = tools.map((t) => mentions(t, lower));
  let chosen = tools.filter((_, i) => marks[i] === "name");
  if (chosen.length === 0) chosen = tools.filter((_, i) => marks[i] === "description").slice(0, 1);
  if (chosen.length === 0 && toolChoice === "required") chosen = tools.slice(0, 1);
  return req.parallelTools ? chosen : chosen.slice(0, 1);
}

function toolCall(req: SimRequest, tool: SimTool, i: number): ToolCallOut {
  const key = `${req.baseModel}\n${req.lastUser}\n${tool.name}\n${i}`;
  const id = req.protocol === "anthropic" ? `toolu_01${stableId(key, 22)}` : `call_${stableId(key, 24)}`;
  const args = sampleFromSchema(tool.schema, req.lastUser);
  return { id, name: tool.name, arguments: JSON.stringify(args && typeof args === "object" ? args : {}) };
}
