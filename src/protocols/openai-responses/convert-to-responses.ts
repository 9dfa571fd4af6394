import { RouterError } from "../../core/errors";
import { type ChatCompletion, ChatCompletion as ChatCompletionSchema } from "../shared/chat-completion";
import {
  functionItemId,
  type MessageItem,
  messageItemId,
  type OutputItem,
  type OutputText,
  type ResponseEcho,
  responseId,
  responseObject,
  responsesUsage,
  statusFor,
} from "./response-object";

/**
 * The router's chat completion → a Responses `response` object: the message (text as
 * `output_text` with url citations as annotations, a refusal as a `refusal` part) then one
 * `function_call` item per tool call; status from the finish reason (`length` → incomplete,
 * `max_output_tokens`); usage with cached and reasoning tokens. `echo` repeats the request's
 * settings (responseEcho).
 * @throws RouterError 502 when the completion is not a chat completion
 */
export function toResponse(completion: unknown, echo: ResponseEcho) {
  const parsed = ChatCompletionSchema.safeParse(completion);
  if (!parsed.success)
    throw new RouterError(
      502,
      "The upstream answer could not be translated to a response.",
      "server_error",
      "bad_upstream_response",
    );
  const c = parsed.data;
  const choice = c.choices[0];
  const { status, incomplete } = statusFor(choice.finish_reason);
  return responseObject(
    {
      id: responseId(c.id),
      createdAt: c.created,
      model: c.model,
      status,
      incomplete,
      output: outputItems(c, status === "incomplete" ? "incomplete" : "completed"),
      usage: responsesUsage(c.usage),
    },
    echo,
  );
}

function outputItems(c: ChatCompletion, itemStatus: "completed" | "incomplete"): OutputItem[] {
  const { message } = c.choices[0];
  const calls = message.tool_calls ?? [];
  const out: OutputItem[] = [];
  const content: MessageItem["content"] = [];
  const text = message.content ?? "";
  if (text !== "" || (calls.length === 0 && message.refusal == null))
    content.push(outputText(text, message.annotations ?? []));
  if (message.refusal != null) content.push({ type: "refusal", refusal: message.refusal });
  if (content.length > 0 || calls.length === 0)
    out.push({ id: messageItemId(c.id), type: "message", status: itemStatus, role: "assistant", content });
  calls.forEach((call, i) =>
    out.push({
      id: functionItemId(c.id, i),
      type: "function_call",
      status: "completed",
      arguments: call.function.arguments,
      call_id: call.id,
      name: call.function.name,
    }),
  );
  return out;
}

function outputText(text: string, annotations: unknown[]): OutputText {
  return {
    type: "output_text",
    text,
    annotations: annotations.map(toAnnotation).filter((a) => a !== undefined),
    logprobs: [],
  };
}

/** Chat `url_citation` annotations have their fields nested; Responses has them flat. */
function toAnnotation(a: unknown): unknown {
  const nested = (a as { type?: string; url_citation?: Record<string, unknown> })?.url_citation;
  if ((a as { type?: string })?.type !== "url_citation" || !nested) return undefined;
  return { type: "url_citation", ...nested };
}
