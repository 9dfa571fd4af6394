import type { ChatMessage, ContentPart, ToolCall } from "../../core/chat";
import { invalidParam, unsupportedParam } from "./responses-errors";
import type { AssistantMessage, AssistantPart, InputItem, InputPart } from "./responses-request-schema";

type Assistant = Extract<ChatMessage, { role: "assistant" }>;

/**
 * Responses input items → chat messages. `instructions` comes first as a system message; a string
 * input is one user message. Consecutive `function_call` items (and the assistant message right
 * before them) become one assistant message with `tool_calls`; each `function_call_output` becomes
 * a tool message. Chat requires every call to be answered before the next message, so a
 * `function_call_output` without its `function_call`, or a call left unanswered, is a 400 naming
 * the item (`input[3].call_id`).
 * @example convertResponsesInput("Hi", "Be brief.") // [{ role: "system", … }, { role: "user", content: "Hi" }]
 * @throws RouterError 400
 */
export function convertResponsesInput(input: string | InputItem[], instructions?: string | null): ChatMessage[] {
  const out: ChatMessage[] = instructions ? [{ role: "system", content: instructions }] : [];
  if (typeof input === "string") {
    out.push({ role: "user", content: input });
    return out;
  }
  const calls = new ToolBlock();
  input.forEach((item, i) => {
    if (item.type === "function_call") return calls.call(out, item.call_id, toolCall(item), i);
    if (item.type === "function_call_output") {
      calls.answer(item.call_id, i);
      return void out.push({ role: "tool", tool_call_id: item.call_id, content: toolOutput(item.output, i) });
    }
    calls.close();
    out.push(
      item.role === "assistant" ? assistantMessage(item) : { role: item.role, content: userContent(item.content, i) },
    );
  });
  calls.close();
  return out;
}

/** The calls of the current run of function_call/function_call_output items, and every call seen. */
class ToolBlock {
  private readonly open = new Map<string, number>();
  private readonly seen = new Set<string>();
  private assistant: Assistant | undefined;

  call(out: ChatMessage[], id: string, call: ToolCall, i: number): void {
    if (this.open.has(id)) throw invalidParam(`input[${i}].call_id`, `Duplicate function call with call_id '${id}'.`);
    if (!this.assistant) this.close();
    const last = out.at(-1);
    if (!this.assistant && last?.role === "assistant" && !last.tool_calls?.length) this.assistant = last;
    if (!this.assistant || out.at(-1) !== this.assistant) {
      this.assistant = { role: "assistant", content: null, tool_calls: [] };
      out.push(this.assistant);
    }
    (this.assistant.tool_calls ??= []).push(call);
    this.open.set(id, i);
    this.seen.add(id);
  }

  answer(id: string, i: number): void {
    if (this.open.delete(id)) return void (this.assistant = undefined);
    const why = this.seen.has(id)
      ? `The function call output for call_id '${id}' must follow its function call, with only other calls and outputs in between.`
      : `No tool call found for function call output with call_id '${id}'.`;
    throw invalidParam(`input[${i}].call_id`, why);
  }

  /** Another message (or a later round of calls) follows: every call so far must have its output. */
  close(): void {
    this.assistant = undefined;
    for (const [id, i] of this.open)
      throw invalidParam(`input[${i}].call_id`, `No tool output found for function call with call_id '${id}'.`);
  }
}

function toolCall(item: { call_id: string; name: string; arguments: string }): ToolCall {
  return { id: item.call_id, type: "function", function: { name: item.name, arguments: item.arguments } };
}

function assistantMessage(item: AssistantMessage): Assistant {
  if (typeof item.content === "string") return { role: "assistant", content: item.content };
  let text = "";
  let refusal: string | undefined;
  for (const p of item.content as AssistantPart[]) {
    if (p.type === "refusal") refusal = (refusal ?? "") + p.refusal;
    else text += p.text;
  }
  const message: Assistant = { role: "assistant", content: text };
  if (refusal !== undefined) message.refusal = refusal;
  return message;
}

function userContent(content: string | InputPart[], i: number): string | ContentPart[] {
  if (typeof content === "string") return content;
  return content.map((p, j) => part(p, `input[${i}].content[${j}]`));
}

function part(p: InputPart, at: string): ContentPart {
  if (p.type === "input_text") return { type: "text", text: p.text };
  if (p.type === "input_image") {
    if (!p.image_url)
      throw unsupportedParam(
        `${at}.file_id`,
        "uploaded files live at OpenAI; send the image as 'image_url' (an https or data: URL).",
      );
    return { type: "image_url", image_url: p.detail ? { url: p.image_url, detail: p.detail } : { url: p.image_url } };
  }
  if (p.file_url) throw unsupportedParam(`${at}.file_url`, "send the file inline as 'file_data'.");
  const file: Record<string, unknown> = {};
  if (p.file_data) file.file_data = p.file_data;
  if (p.file_id) file.file_id = p.file_id;
  if (p.filename) file.filename = p.filename;
  if (!p.file_data && !p.file_id)
    throw invalidParam(
      `${at}.file_data`,
      `Missing required parameter: '${at}.file_data'.`,
      "missing_required_parameter",
    );
  return { type: "file", file };
}

/** Chat tool messages carry text only: an output with images or files is refused, not flattened. */
function toolOutput(output: string | InputPart[], i: number): string | ContentPart[] {
  if (typeof output === "string") return output;
  return output.map((p, j) => {
    if (p.type !== "input_text")
      throw unsupportedParam(
        `input[${i}].output[${j}].type`,
        "function call outputs may only contain text ('input_text') through the router.",
      );
    return { type: "text", text: p.text };
  });
}
