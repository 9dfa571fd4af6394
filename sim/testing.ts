/** Helpers for tests that talk to the simulator over HTTP. */
import { createParser, type EventSourceMessage } from "eventsource-parser";

export const OPENAI_HEADERS = { authorization: "Bearer sk-test", "content-type": "application/json" };
export const ANTHROPIC_HEADERS = {
  "x-api-key": "sk-ant-test",
  "anthropic-version": "2023-06-01",
  "content-type": "application/json",
};

/** POSTs a Chat Completions body. */
export function postOpenAI(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { ...OPENAI_HEADERS, ...headers },
    body: JSON.stringify(body),
    ...init,
  });
}

/** POSTs a Messages body. */
export function postAnthropic(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${url}/v1/messages`, {
    method: "POST",
    headers: { ...ANTHROPIC_HEADERS, ...headers },
    body: JSON.stringify(body),
    ...init,
  });
}

/** Parses a complete SSE body into its events. */
export function parseSse(text: string): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e) });
  parser.feed(text);
  return events;
}

/** Reads a stream until it ends or breaks; returns the text received and the error, if any. */
export async function readAll(res: Response): Promise<{ text: string; error?: unknown }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/** Registers a fault with the simulator's control API. */
export async function simFault(
  simUrl: string,
  model: string,
  fault: string | Record<string, unknown>,
  extra: { rate?: number; count?: number } = {},
): Promise<void> {
  const res = await fetch(`${simUrl}/_sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, fault, ...extra }),
  });
  if (res.status !== 201) throw new Error(`sim fault registration failed: ${res.status} ${await res.text()}`);
}

export async function clearSimFaults(simUrl: string, model: string): Promise<void> {
  await fetch(`${simUrl}/_sim/faults?model=${encodeURIComponent(model)}`, { method: "DELETE" });
}

/** POSTs a Responses API body. */
export function postResponses(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${url}/v1/responses`, {
    method: "POST",
    headers: { ...OPENAI_HEADERS, ...headers },
    body: JSON.stringify(body),
    ...init,
  });
}

/** POSTs an embeddings body. */
export function postEmbeddings(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/v1/embeddings`, {
    method: "POST",
    headers: { ...OPENAI_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
}
