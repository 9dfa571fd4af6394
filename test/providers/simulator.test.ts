import { describe, expect, inject, it } from "vitest";
import type { ChatCompletionRequest } from "../../src/core/chat";
import { ProviderError } from "../../src/core/errors";
import { getProvider } from "../../src/providers";
import type { ChatProvider, ProviderTarget } from "../../src/providers/types";
import { dataEvents, failure, readText, readUntilError } from "./helpers";

/** The adapters against the provider simulator over real HTTP: its validation catches translation bugs. */
const sim = inject("simUrl");
const adapters: [string, ChatProvider, ProviderTarget][] = [
  [
    "openai-compatible",
    getProvider("openai-compatible"),
    {
      providerId: "openai",
      modelId: "gpt-4o-mini",
      upstreamModel: "gpt-4o-mini",
      baseUrl: `${sim}/v1`,
      apiKey: "sk-test-openai",
    },
  ],
  [
    "anthropic",
    getProvider("anthropic"),
    {
      providerId: "anthropic",
      modelId: "claude-3-5-haiku",
      upstreamModel: "claude-3-5-haiku-20241022",
      baseUrl: sim,
      apiKey: "sk-ant-test",
      maxOutputTokens: 8192,
    },
  ],
];
const withFault = (t: ProviderTarget, fault: string): ProviderTarget => ({ ...t, headers: { "x-sim-fault": fault } });
const tools: ChatCompletionRequest["tools"] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather for a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];
const ask: ChatCompletionRequest = {
  model: "auto",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Name three primary colours." },
  ],
  temperature: 0.3,
  max_tokens: 200,
};

describe.each(adapters)("%s against the simulator", (_kind, provider, target) => {
  it("completes, with usage and a finish reason", async () => {
    const out = await provider.complete(ask, target);
    expect(out.finishReason).toBe("stop");
    expect(out.usage.inputTokens).toBeGreaterThan(0);
    expect(out.usage.outputTokens).toBeGreaterThan(0);
    const message = (out.body.choices[0] as { message: { content: string } }).message;
    expect(message.content.length).toBeGreaterThan(0);
    expect(out.upstreamRequestId).toBeTruthy();
  });

  it.each([true, false])("streams to [DONE] (include_usage %s)", async (includeUsage) => {
    const out = await provider.stream(
      { ...ask, stream: true, stream_options: { include_usage: includeUsage } },
      target,
    );
    const events = dataEvents(await readText(out.body));
    expect(events.at(-1)).toBe("[DONE]");
    const usageChunks = events.filter((e) => typeof e === "object" && e !== null && (e as { usage?: unknown }).usage);
    expect(usageChunks).toHaveLength(includeUsage ? 1 : 0);
    const summary = await out.summary;
    expect(summary).toMatchObject({ completed: true, finishReason: "stop", chunks: events.length - 1 });
    expect(summary.usage?.outputTokens).toBeGreaterThan(0);
  });

  it("round-trips a tool call", async () => {
    const first = await provider.complete(
      {
        ...ask,
        messages: [{ role: "user", content: "What is the weather in Paris?" }],
        tools,
        tool_choice: "required",
      },
      target,
    );
    expect(first.finishReason).toBe("tool_calls");
    const call = (
      first.body.choices[0] as {
        message: { tool_calls: { id: string; function: { name: string; arguments: string } }[] };
      }
    ).message.tool_calls[0];
    expect(call.function.name).toBe("get_weather");
    const second = await provider.complete(
      {
        ...ask,
        tools,
        messages: [
          { role: "user", content: "What is the weather in Paris?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: call.id, type: "function", function: call.function }],
          },
          { role: "tool", tool_call_id: call.id, content: '{"temperature_c":18,"sky":"clear"}' },
        ],
      },
      target,
    );
    expect(second.finishReason).toBe("stop");
  });

  it.each([
    ["ratelimit:1500", { kind: "rate_limit", status: 429, retryAfterMs: 1500 }],
    ["overloaded", { kind: "overloaded", status: 529 }],
    ["fail503", { kind: "server", status: 503 }],
    ["ctx", { kind: "context_length", status: 400 }],
  ])("maps fault %s", async (fault, expected) => {
    expect(await failure(provider.complete(ask, withFault(target, fault)))).toMatchObject(expected);
  });

  it.each([
    ["cut2", "connect"],
    ["malformed2", "invalid_response"],
  ])("fault %s fails the stream body with %s", async (fault, kind) => {
    const out = await provider.stream({ ...ask, stream: true }, withFault(target, fault));
    const { error } = await readUntilError(out.body);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind });
    expect((await out.summary).completed).toBe(false);
  });

  it("a stream error event fails the body", async () => {
    const out = await provider.stream({ ...ask, stream: true }, withFault(target, "streamerror2"));
    const { error } = await readUntilError(out.body);
    expect(error).toMatchObject({ retryable: true });
    expect(["server", "overloaded"]).toContain((error as ProviderError).kind);
  });
});
