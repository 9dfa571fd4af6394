import { describe, expect, it } from "vitest";
import { parseResponsesRequest, responseEcho, toResponse } from "../../src/protocols/openai-responses";
import completion from "../providers/__fixtures__/openai-completion.json";
import toolCompletion from "../providers/__fixtures__/openai-tool-completion.json";
import { completionJson, routerError } from "./helpers";

const echo = responseEcho(parseResponsesRequest({ model: "gpt-4o-mini", input: "Capital of France?" }));
const settings = {
  instructions: null,
  max_output_tokens: null,
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: null, summary: null },
  store: false,
  temperature: null,
  text: { format: { type: "text" } },
  tool_choice: "auto",
  tools: [],
  top_p: null,
  truncation: "disabled",
  user: null,
};

describe("chat completion → Responses response (recorded OpenAI completions)", () => {
  it("a text answer: one message with output_text, usage with cached tokens", () => {
    expect(toResponse(completion, echo)).toEqual({
      id: "resp_B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
      object: "response",
      created_at: 1741570283,
      status: "completed",
      background: false,
      error: null,
      incomplete_details: null,
      model: "gpt-4o-mini-2024-07-18",
      output: [
        {
          id: "msg_B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
          type: "message",
          status: "completed",
          role: "assistant",
          content: [{ type: "output_text", text: "The capital of France is Paris.", annotations: [], logprobs: [] }],
        },
      ],
      ...settings,
      usage: {
        input_tokens: 1117,
        input_tokens_details: { cached_tokens: 1024 },
        output_tokens: 8,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 1125,
      },
      metadata: {},
    });
  });

  it("a tool call: one function_call item with the call id, no empty message", () => {
    const r = toResponse(toolCompletion, echo);
    expect(r.status).toBe("completed");
    expect(r.output).toEqual([
      {
        id: "fc_BAkQ7dmEo0UjPd3KzsMHhMp7uoTbB_0",
        type: "function_call",
        status: "completed",
        arguments: '{"location":"Paris, France","unit":"celsius"}',
        call_id: "call_Vf3WGmcG5oTnmNmsGMjYDs8P",
        name: "get_weather",
      },
    ]);
  });

  it("a cut answer is incomplete with max_output_tokens; a filtered one with content_filter", () => {
    const base = {
      id: "chatcmpl-x",
      created: 1,
      model: "m",
      content: "Par",
      usage: { prompt: 5, completion: 1, cached: 0 },
    };
    const cut = toResponse(completionJson({ ...base, finish: "length" }), echo);
    expect(cut.status).toBe("incomplete");
    expect(cut.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(cut.output[0]).toMatchObject({ type: "message", status: "incomplete" });
    expect(toResponse(completionJson({ ...base, finish: "content_filter" }), echo).incomplete_details).toEqual({
      reason: "content_filter",
    });
  });

  it("a refusal is a refusal part; an empty answer is an empty output_text; url citations are flattened", () => {
    const base = {
      id: "chatcmpl-x",
      created: 1,
      model: "m",
      finish: "stop",
      usage: { prompt: 5, completion: 1, cached: 0 },
    };
    expect(
      toResponse(completionJson({ ...base, content: null, refusal: "I can't help with that." }), echo).output[0],
    ).toMatchObject({
      content: [{ type: "refusal", refusal: "I can't help with that." }],
    });
    expect(toResponse(completionJson({ ...base, content: null }), echo).output[0]).toMatchObject({
      content: [{ type: "output_text", text: "" }],
    });
    const cited = completionJson({ ...base, content: "See example.com" });
    (cited.choices[0].message as Record<string, unknown>).annotations = [
      {
        type: "url_citation",
        url_citation: { start_index: 4, end_index: 15, url: "https://example.com", title: "Example" },
      },
    ];
    expect(toResponse(cited, echo).output[0]).toMatchObject({
      content: [
        {
          annotations: [
            { type: "url_citation", start_index: 4, end_index: 15, url: "https://example.com", title: "Example" },
          ],
        },
      ],
    });
  });

  it("repeats the request's settings; store is always false", () => {
    const req = parseResponsesRequest({
      model: "m",
      input: "x",
      instructions: "Be brief.",
      max_output_tokens: 50,
      temperature: 0.3,
      metadata: { a: "b" },
      tools: [{ type: "function", name: "f", parameters: { type: "object" } }],
      tool_choice: "required",
      store: false,
    });
    expect(toResponse(completion, responseEcho(req))).toMatchObject({
      instructions: "Be brief.",
      max_output_tokens: 50,
      temperature: 0.3,
      metadata: { a: "b" },
      tool_choice: "required",
      tools: [{ type: "function", name: "f", description: null, parameters: { type: "object" }, strict: false }],
      store: false,
    });
  });

  it("a body that is not a chat completion is a 502, not a crash", () => {
    expect(routerError(() => toResponse({ choices: [] }, echo)).status).toBe(502);
  });
});
