import fc from "fast-check";
import type { Completion } from "./helpers";

/** Text with the characters that break naive translators: quotes, newlines, emoji, non-Latin scripts. */
export const text = fc.string({
  unit: fc.constantFrom("a", "b", " ", "\n", '"', "\\", "é", "日", "👋", "{", "}"),
  minLength: 1,
  maxLength: 24,
});
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
const json = fc.dictionary(name, fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)), {
  maxKeys: 3,
});
const imageUrl = fc.constantFrom("https://example.com/a.png", "data:image/png;base64,iVBORw0KGgo=");
const schema = fc.constantFrom(
  { type: "object" },
  { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
);

/** Unique call ids for one request. */
const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

// ---- OpenAI Responses requests -------------------------------------------------------------

const inputParts = fc.array(
  fc.oneof(
    text.map((t) => ({ type: "input_text", text: t })),
    fc.tuple(imageUrl, fc.constantFrom(undefined, "low", "high")).map(([url, detail]) => ({
      type: "input_image",
      image_url: url,
      ...(detail ? { detail } : {}),
    })),
  ),
  { minLength: 1, maxLength: 3 },
);

const message = fc.oneof(
  fc.record({ role: fc.constantFrom("user", "system", "developer"), content: fc.oneof(text, inputParts) }),
  fc.record({
    role: fc.constant("assistant"),
    content: fc.oneof(
      text,
      text.map((t) => [{ type: "output_text", text: t, annotations: [] }]),
    ),
  }),
);

/** A round of tool calls and their outputs (outputs in any order, as clients send them). */
const toolRound = (round: number) =>
  fc
    .tuple(
      fc.integer({ min: 1, max: 3 }),
      fc.array(
        fc.tuple(
          name,
          json,
          fc.oneof(
            text,
            text.map((t) => [{ type: "input_text", text: t }]),
          ),
        ),
        { minLength: 3, maxLength: 3 },
      ),
    )
    .chain(([n, specs]) => {
      const callIds = ids(n, `call_${round}_`);
      const calls = callIds.map((id, i) => ({
        type: "function_call",
        call_id: id,
        name: specs[i][0],
        arguments: JSON.stringify(specs[i][1]),
      }));
      return fc
        .shuffledSubarray(callIds, { minLength: n, maxLength: n })
        .map((order) => [
          ...calls,
          ...order.map((id) => ({ type: "function_call_output", call_id: id, output: specs[callIds.indexOf(id)][2] })),
        ]);
    });

export const responsesRequest = fc
  .tuple(
    fc.array(
      fc.oneof(
        message.map((m) => [m]),
        fc.constant("tools" as const),
      ),
      { minLength: 1, maxLength: 6 },
    ),
    fc.record(
      {
        instructions: text,
        max_output_tokens: fc.integer({ min: 1, max: 4000 }),
        temperature: fc.double({ min: 0, max: 2, noNaN: true }),
        top_p: fc.double({ min: 0, max: 1, noNaN: true }),
        metadata: fc.dictionary(name, fc.string({ maxLength: 8 }), { maxKeys: 2 }),
        user: name,
        stream: fc.boolean(),
        text: fc.constantFrom(
          { format: { type: "json_object" } },
          { format: { type: "json_schema", name: "out", schema: { type: "object" }, strict: true } },
        ),
        tools: fc.uniqueArray(
          fc.record({ type: fc.constant("function"), name, description: text, parameters: schema }),
          { minLength: 1, maxLength: 3, selector: (t) => t.name },
        ),
      },
      { requiredKeys: [] },
    ),
    fc.constantFrom("auto", "none", "required"),
    fc.boolean(),
  )
  .chain(([parts, settings, choice, parallel]) => {
    const rounds = parts.map((p, i) => (p === "tools" ? toolRound(i) : fc.constant(p)));
    return fc.tuple(...rounds).map((items) => ({
      model: "auto",
      input: items.flat(),
      ...settings,
      ...(settings.tools ? { tool_choice: choice, parallel_tool_calls: parallel } : {}),
    }));
  });

// ---- Chat completions (the router's answers) -------------------------------------------------

export const completion: fc.Arbitrary<Completion> = fc
  .record({
    id: name.map((n) => `chatcmpl-${n}`),
    created: fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
    model: name,
    content: fc.option(text, { nil: null }),
    refusal: fc.option(text, { nil: null }),
    calls: fc.array(fc.tuple(name, json), { maxLength: 3 }),
    cut: fc.constantFrom("stop", "length", "content_filter"),
    usage: fc.record({ prompt: fc.nat(5000), completion: fc.nat(2000), cached: fc.nat(5000) }),
  })
  .map((c) => ({
    id: c.id,
    created: c.created,
    model: c.model,
    content: c.content,
    refusal: c.calls.length > 0 ? null : c.refusal,
    toolCalls: c.calls.map(([n, args], i) => ({ id: `call_${i}`, name: n, arguments: JSON.stringify(args) })),
    finish: c.calls.length > 0 ? "tool_calls" : c.cut,
    usage: { ...c.usage, cached: Math.min(c.usage.cached, c.usage.prompt) },
  }));

// ---- Anthropic Messages requests -------------------------------------------------------------

const userBlocks = fc.array(
  fc.oneof(
    text.map((t) => ({ type: "text", text: t })),
    fc.constantFrom(
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
      { type: "image", source: { type: "url", url: "https://example.com/a.png" } },
    ),
  ),
  { minLength: 1, maxLength: 3 },
);

/** An assistant turn, and the tool_use ids it leaves for the next user turn to answer. */
const assistantTurn = (turn: number) =>
  fc
    .tuple(fc.option(text, { nil: undefined }), fc.array(fc.tuple(name, json), { maxLength: 2 }), fc.boolean())
    .map(([t, uses, asString]) => {
      if (uses.length === 0)
        return {
          turn: { role: "assistant", content: asString ? (t ?? "ok") : [{ type: "text", text: t ?? "ok" }] },
          open: [] as string[],
        };
      const blocks: unknown[] = t ? [{ type: "text", text: t }] : [];
      const open = ids(uses.length, `toolu_${turn}_`);
      uses.forEach(([n, input], i) => blocks.push({ type: "tool_use", id: open[i], name: n, input }));
      return { turn: { role: "assistant", content: blocks }, open };
    });

const userTurn = (open: string[]) =>
  fc
    .tuple(
      fc.oneof(text, userBlocks),
      fc.array(
        fc.oneof(
          text,
          text.map((t) => [{ type: "text", text: t }]),
        ),
        { minLength: open.length, maxLength: open.length },
      ),
      fc.boolean(),
    )
    .map(([content, results, withText]) => {
      if (open.length === 0) return { role: "user", content };
      const blocks: unknown[] = open.map((id, i) => ({ type: "tool_result", tool_use_id: id, content: results[i] }));
      if (withText) blocks.push({ type: "text", text: typeof content === "string" ? content : "thanks" });
      return { role: "user", content: blocks };
    });

export const messagesRequest = fc
  .tuple(
    fc.integer({ min: 0, max: 3 }),
    fc.record(
      {
        system: fc.oneof(
          text,
          fc.array(
            text.map((t) => ({ type: "text", text: t, cache_control: { type: "ephemeral" } })),
            { minLength: 1, maxLength: 2 },
          ),
        ),
        stop_sequences: fc.array(text, { minLength: 1, maxLength: 4 }),
        temperature: fc.double({ min: 0, max: 1, noNaN: true }),
        top_p: fc.double({ min: 0, max: 1, noNaN: true }),
        metadata: name.map((user_id) => ({ user_id })),
        stream: fc.boolean(),
        tools: fc.uniqueArray(fc.record({ name, description: text, input_schema: schema }), {
          minLength: 1,
          maxLength: 2,
          selector: (t) => t.name,
        }),
      },
      { requiredKeys: [] },
    ),
    fc.constantFrom(
      { type: "auto" },
      { type: "any" },
      { type: "none" },
      { type: "auto", disable_parallel_tool_use: true },
    ),
  )
  .chain(([rounds, settings, choice]) => {
    const turns = Array.from({ length: rounds }, (_, i) => assistantTurn(i));
    return fc.tuple(fc.oneof(text, userBlocks), ...turns).chain(([first, ...assistants]) =>
      fc.tuple(...assistants.map((a) => userTurn(a.open))).map((users) => ({
        model: "claude-x",
        max_tokens: 1024,
        messages: [{ role: "user", content: first }, ...assistants.flatMap((a, i) => [a.turn, users[i]])],
        ...settings,
        ...(settings.tools ? { tool_choice: choice } : {}),
      })),
    );
  });
