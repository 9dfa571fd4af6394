import { describe, expect, it } from "vitest";
import { capabilityError, requiredCapabilities, supports } from "../../src/core/capabilities";
import type { ChatCompletionRequest } from "../../src/core/chat";
import { extractFeatures } from "../../src/classify/features/features";
import {
  countTokens,
  estimateRequestTokens,
  parseMessagesRequest,
  toChatRequest,
} from "../../src/protocols/anthropic-messages";
import toolResult from "./__fixtures__/anthropic-sdk-messages-tool-result.request.json";
import tools from "./__fixtures__/anthropic-sdk-messages-tools.request.json";

const hi = [{ role: "user" as const, content: "Hi" }];

describe("requiredCapabilities", () => {
  it("a plain request needs nothing", () => {
    expect(requiredCapabilities({ model: "auto", messages: hi })).toEqual({});
  });

  it("names the parameter behind each need", () => {
    const req = {
      model: "auto",
      n: 2,
      logprobs: true,
      top_k: 5,
      response_format: { type: "json_schema", json_schema: { name: "x", schema: {} } },
      tools: [{ type: "function", function: { name: "f" } }],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "x" },
            { type: "image_url", image_url: { url: "https://x" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "input_audio", input_audio: { data: "", format: "wav" } },
            { type: "file", file: { file_id: "f" } },
          ],
        },
        { role: "assistant", content: "{" },
      ],
    } as ChatCompletionRequest;
    expect(requiredCapabilities(req)).toEqual({
      tools: "tools",
      jsonSchema: "response_format",
      multipleChoices: "n",
      logprobs: "logprobs",
      topK: "top_k",
      images: "messages[0].content[1]",
      audio: "messages[1].content[0]",
      files: "messages[1].content[1]",
      assistantPrefill: "messages[2]",
    });
  });

  it("tool history needs tools even without tool definitions; n=1, logprobs false and a final tool call need nothing", () => {
    const history = {
      model: "auto",
      n: 1,
      logprobs: false,
      messages: [
        ...hi,
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }],
        },
      ],
    } as ChatCompletionRequest;
    expect(requiredCapabilities(history)).toEqual({ tools: "messages[1]" });
    expect(requiredCapabilities({ model: "auto", messages: hi, top_logprobs: 3 } as ChatCompletionRequest)).toEqual({
      logprobs: "top_logprobs",
    });
    expect(
      requiredCapabilities({ model: "auto", messages: hi, modalities: ["text", "audio"] } as ChatCompletionRequest),
    ).toEqual({ audio: "modalities" });
  });

  it("requests from the Messages API: images and tools, top_k", () => {
    expect(requiredCapabilities(toChatRequest(parseMessagesRequest(tools)))).toEqual({
      tools: "tools",
      images: "messages[1].content[1]",
    });
    expect(requiredCapabilities(toChatRequest(parseMessagesRequest(toolResult)))).toEqual({ tools: "tools" });
  });
});

describe("supports", () => {
  const gpt = { tools: true, images: true, jsonSchema: true, multipleChoices: true, logprobs: true };
  const claude = { tools: true, images: true, jsonSchema: false, topK: true, assistantPrefill: true };

  it("passes a model that has everything and names the first thing missing otherwise", () => {
    expect(supports(gpt, { tools: "tools", multipleChoices: "n" })).toEqual({ ok: true });
    expect(supports(claude, { tools: "tools", multipleChoices: "n" })).toEqual({
      ok: false,
      missing: "multipleChoices",
      param: "n",
    });
    expect(supports({}, {})).toEqual({ ok: true });
    expect(supports({ tools: true }, { images: "messages[0].content[1]" })).toMatchObject({
      ok: false,
      missing: "images",
    });
  });

  it("the 400 names the parameter and the capability", () => {
    const err = capabilityError({ ok: false, missing: "multipleChoices", param: "n" }, "claude-haiku-4-5");
    expect(err.status).toBe(400);
    expect(err.toJSON()).toEqual({
      error: {
        message: expect.stringContaining("several choices per request (n > 1), which 'n' asks for"),
        type: "invalid_request_error",
        param: "n",
        code: "unsupported_capability",
        capability: "multipleChoices",
      },
    });
  });
});

describe("count_tokens uses the router's own estimate", () => {
  it("is exactly the inputTokens feature of the translated request", () => {
    for (const body of [
      tools,
      toolResult,
      { model: "m", max_tokens: 1, messages: [{ role: "user", content: "Where is my refund? ".repeat(50) }] },
    ]) {
      const chat = toChatRequest(parseMessagesRequest(body));
      expect(estimateRequestTokens(chat)).toBe(extractFeatures(chat).inputTokens);
    }
  });

  it("answers { input_tokens } and grows with the input", () => {
    const count = (content: string) =>
      countTokens(parseMessagesRequest({ model: "m", messages: [{ role: "user", content }] }, { countTokens: true }));
    expect(count("Hi")).toEqual({ input_tokens: expect.any(Number) });
    expect(count("Hi").input_tokens).toBeGreaterThan(0);
    expect(count("Where is my refund? ".repeat(100)).input_tokens).toBeGreaterThan(
      count("Where is my refund?").input_tokens * 20,
    );
  });
});
