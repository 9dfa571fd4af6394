import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { migrate, waitForRecord } from "../telemetry/helpers";
import { ADMIN_KEY, chat, post, readSse, seedClients, testConfig } from "./helpers";
import { costOf } from "../../src/core/catalog";
import defaultConfig from "../../src/config/default-config.json";
import type { RequestRecord } from "../../src/telemetry/types";

const config = testConfig();
const price = (id: string) => config.models.find((m) => m.id === id)!.price;

beforeAll(async () => {
  await migrate();
  await seedClients();
  await env.RULES.put("config:active", JSON.stringify(config));
});

async function recordOf(res: Response): Promise<RequestRecord> {
  const id = res.headers.get("x-request-id")!;
  const record = await waitForRecord(id);
  expect(record, `record ${id} reached D1`).not.toBeNull();
  return record!;
}

describe("a routed request", () => {
  it("goes to the economy tier for a short classification task, says so, and records its cost", async () => {
    const res = await chat({
      model: "auto",
      messages: [
        {
          role: "user",
          content: "Classify this support ticket as billing, technical or general: 'I was charged twice this month.'",
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-router-category")).toBe("classification");
    expect(res.headers.get("x-router-rule")).toBe("classification-extraction");
    expect(res.headers.get("x-router-model")).toBe("gpt-4o-mini");
    expect(res.headers.get("x-router-provider")).toBe("openai");
    expect(res.headers.get("x-router-attempts")).toBe("1");
    const body = (await res.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    const record = await recordOf(res);
    expect(record).toMatchObject({
      rule: "classification-extraction",
      model: "gpt-4o-mini",
      provider: "openai",
      status: 200,
      streamed: false,
      truncated: false,
    });
    expect(record.inputTokens).toBe(body.usage.prompt_tokens);
    expect(record.outputTokens).toBe(body.usage.completion_tokens);
    const usage = { inputTokens: record.inputTokens, cachedInputTokens: 0, outputTokens: record.outputTokens };
    expect(record.costUsd).toBeCloseTo(costOf(price("gpt-4o-mini"), usage), 9);
    expect(record.baselineCostUsd).toBeCloseTo(costOf(price("gpt-4o"), usage), 9);
    expect(record.totalCostUsd).toBeCloseTo(record.costUsd + record.classifierCostUsd, 9);
    expect(record.attempts).toHaveLength(1);
    expect(record.promptHash).toMatch(/^[0-9a-f]{32,64}$/);
  });

  it("honours an explicit catalog model", async () => {
    const res = await chat({ model: "claude-haiku-4-5", messages: [{ role: "user", content: "echo: hi there" }] });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-router-rule")).toBe("explicit-model");
    expect(res.headers.get("x-router-provider")).toBe("anthropic");
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0].message.content).toBe("hi there");
  });

  it("fails over across providers and records every attempt", async () => {
    const res = await chat(
      { model: "auto", messages: [{ role: "user", content: "hello" }] },
      { headers: { "x-router-task": "failover-test" } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-router-model")).toBe("steady-anthropic");
    expect(res.headers.get("x-router-attempts")).toBe("2");
    const record = await recordOf(res);
    expect(record.attempts.map((a) => [a.model, a.ok, a.status])).toEqual([
      ["flaky-openai", false, 503],
      ["steady-anthropic", true, 200],
    ]);
    expect(record.model).toBe("steady-anthropic");
    const usage = {
      inputTokens: record.inputTokens,
      cachedInputTokens: record.cachedInputTokens,
      outputTokens: record.outputTokens,
    };
    expect(record.costUsd).toBeCloseTo(costOf(price("steady-anthropic"), usage), 9);
  });

  it("streams, with usage taken from the stream", async () => {
    const res = await chat({
      model: "gpt-4o-mini",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Write a short line about the sea." }],
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = await readSse(res);
    expect(events.at(-1)).toBe("[DONE]");
    const usageChunk = JSON.parse(events.at(-2)!) as { usage: { prompt_tokens: number; completion_tokens: number } };
    const record = await recordOf(res);
    expect(record).toMatchObject({ streamed: true, truncated: false, status: 200 });
    expect(record.outputTokens).toBe(usageChunk.usage.completion_tokens);
    expect(record.costUsd).toBeGreaterThan(0);
  });

  it("ends a stream cut mid-way with an error event, never [DONE], and records it truncated", async () => {
    const res = await chat(
      {
        model: "auto",
        stream: true,
        messages: [{ role: "user", content: "Tell me a long story about lighthouses and keepers." }],
      },
      { headers: { "x-router-task": "cut-test" } },
    );
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events).not.toContain("[DONE]");
    const last = JSON.parse(events.at(-1)!) as { error?: { message: string } };
    expect(last.error?.message).toBeTruthy();
    const record = await recordOf(res);
    expect(record).toMatchObject({ streamed: true, truncated: true, model: "cut-stream" });
  });
});

describe("prompt and completion samples", () => {
  it("are stored only for a rule that opts in", async () => {
    const plain = await recordOf(
      await chat({ model: "auto", messages: [{ role: "user", content: "echo: private text" }] }),
    );
    expect(plain.sample).toBeUndefined();
    const res = await chat(
      { model: "auto", messages: [{ role: "user", content: "echo: keep this one" }] },
      { headers: { "x-router-task": "sampled" } },
    );
    expect(res.headers.get("x-router-rule")).toBe("sampled");
    const record = await recordOf(res);
    expect(record.sample).toMatchObject({ prompt: "echo: keep this one", completion: "keep this one" });
  });
});

describe("the cheap classifier's own call", () => {
  it("is part of the request's cost record", async () => {
    const res = await chat({
      model: "auto",
      messages: [{ role: "user", content: "Turn this note into a short tweet: we launch on Monday." }],
    });
    expect(res.headers.get("x-router-category-source")).toBe("model");
    const record = await recordOf(res);
    expect(record.categorySource).toBe("model");
    expect(record.classifierInputTokens).toBeGreaterThan(0);
    expect(record.classifierOutputTokens).toBeGreaterThan(0);
    const classifierUsage = {
      inputTokens: record.classifierInputTokens,
      cachedInputTokens: 0,
      outputTokens: record.classifierOutputTokens,
    };
    expect(record.classifierCostUsd).toBeCloseTo(costOf(price("gpt-4o-mini"), classifierUsage), 9);
    expect(record.totalCostUsd).toBeCloseTo(record.costUsd + record.classifierCostUsd, 12);
  });
});

describe("explaining decisions", () => {
  it("POST /v1/route gives the whole decision without calling a model", async () => {
    const res = await post("/v1/route", {
      model: "auto",
      messages: [{ role: "user", content: "Extract the invoice number and total as JSON: Invoice INV-1 total 20 EUR" }],
    });
    expect(res.status).toBe(200);
    const d = (await res.json()) as Record<string, any>;
    expect(d.rule).toBe("classification-extraction");
    expect(d.category).toBe("extraction");
    expect(d.category_source).toBe("pattern");
    expect(d.targets.map((t: { model: string }) => t.model).slice(0, 2)).toEqual(["gpt-4o-mini", "claude-haiku-4-5"]);
    expect(d.reason).toContain("extraction");
    expect(d.estimate.saving_pct).toBeGreaterThan(80);
  });

  it("GET /v1/models lists catalog models and routing aliases", async () => {
    const res = await exports.default.fetch("http://router/v1/models", {
      headers: { authorization: "Bearer mr-pipeline-test-key" },
    });
    const ids = ((await res.json()) as { data: { id: string }[] }).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["auto", "router/extraction", "gpt-4o", "claude-haiku-4-5"]));
  });
});

describe("a bad config in KV", () => {
  it("never takes the router down and shows on the status endpoint", async () => {
    await env.RULES.put("config:active", JSON.stringify({ ...defaultConfig, baselineModel: "no-such-model" }));
    const status = await exports.default.fetch("http://router/v1/status?fresh", {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(status.status).toBe(200);
    const res = await chat({ model: "gpt-4o-mini", messages: [{ role: "user", content: "still up?" }] });
    expect(res.status).toBe(200);
    await env.RULES.put("config:active", JSON.stringify(config));
  });
});

describe("telemetry failures", () => {
  it("never fail the request, and are counted", async () => {
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const { createApp } = await import("../../src/api/app");
    const { telemetryStatus } = await import("../../src/telemetry/status");
    const broken = {
      ...env,
      EVENTS: {
        writeDataPoint: () => {
          throw new Error("AE down");
        },
      },
      RECORDS: {
        send: () => Promise.reject(new Error("queue down")),
        sendBatch: () => Promise.reject(new Error("queue down")),
      },
      DB: {
        prepare: () => {
          throw new Error("D1 down");
        },
        batch: () => Promise.reject(new Error("D1 down")),
      },
    } as unknown as typeof env;
    const before = telemetryStatus();
    const ctx = createExecutionContext();
    const res = await createApp().fetch(
      new Request("http://router/v1/chat/completions", {
        method: "POST",
        headers: { authorization: "Bearer mr-pipeline-test-key", "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "still answering?" }] }),
      }),
      broken,
      ctx,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { choices: unknown[] }).choices).toHaveLength(1);
    await waitOnExecutionContext(ctx);
    const after = telemetryStatus();
    expect(after.aeWriteFailures).toBe(before.aeWriteFailures + 1);
    expect(after.queueSendFailures).toBe(before.queueSendFailures + 1);
    expect(after.d1InsertFailures).toBe(before.d1InsertFailures + 1);
  });
});
