import fc from "fast-check";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { extractFeatures, lastUserText, normalizePrompt, promptHash } from "../../../src/classify/features/features";
import { estimateTokens } from "../../../src/classify/features/tokens";
import type { ChatCompletionRequest } from "../../../src/core/chat";
import { LABELLED, requestOf, userRequest } from "../fixtures";

const relErr = (estimate: number, exact: number) => Math.abs(estimate - exact) / exact;

describe("token estimate", () => {
  const english =
    "Our team is deciding between Postgres and DynamoDB for a new billing service that needs strong consistency, monthly reporting queries and roughly two thousand writes per second at peak. What are the trade-offs?";
  const chinese =
    "请用三句话总结下面这篇文章：本市将在明年开通新的地铁线路，连接机场和市中心，预计每天可以运送二十万名乘客。";
  const japanese =
    "先週注文したコーヒーメーカーがまだ届いていません。追跡番号を確認しても更新されていないので、配送状況を調べていただけますか。";
  const code =
    "```ts\nexport function chunk<T>(items: T[], size: number): T[][] {\n  const out: T[][] = [];\n  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));\n  return out;\n}\n```";

  it.each([
    ["English prose", english],
    ["Chinese", chinese],
    ["Japanese", japanese],
    ["code", code],
  ])("is within 20%% of o200k on %s", (_name, text) => {
    expect(relErr(estimateTokens(text), countTokens(text))).toBeLessThan(0.2);
  });

  it("counts CJK characters far above chars/4", () => {
    const exact = countTokens(chinese);
    expect(chinese.length / 4).toBeLessThan(exact * 0.6);
    expect(estimateTokens(chinese)).toBeGreaterThan(exact * 0.8);
  });

  it("stays within 12% of o200k on average over the labelled prompts", () => {
    const errs = LABELLED.map((p) => {
      const text = p.messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");
      return relErr(estimateTokens(text), countTokens(text));
    });
    expect(errs.reduce((a, b) => a + b, 0) / errs.length).toBeLessThan(0.12);
  });

  it("adds per-message overhead, tools, schemas and images to the request's input tokens", () => {
    const base = extractFeatures(userRequest("Describe this picture."));
    const withImage = extractFeatures(
      userRequest([
        { type: "text", text: "Describe this picture." },
        { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } },
      ]),
    );
    expect(withImage.inputTokens - base.inputTokens).toBe(85);
    const withTools = extractFeatures(
      userRequest("Describe this picture.", {
        tools: [
          {
            type: "function",
            function: {
              name: "lookup_weather",
              description: "Current weather for a city",
              parameters: { type: "object", properties: { city: { type: "string" } } },
            },
          },
        ],
      }),
    );
    expect(withTools.inputTokens).toBeGreaterThan(base.inputTokens + 15);
    expect(base.inputTokens).toBeGreaterThanOrEqual(estimateTokens("Describe this picture.") + 7);
  });
});

describe("content flags", () => {
  const flags = (text: string) => extractFeatures(userRequest(text));

  it("finds code fences, stack traces and SQL, not prose", () => {
    expect(flags("Why does this fail?\n```js\nitems.forEach(i => log(i))\n```").hasCode).toBe(true);
    expect(flags('Traceback (most recent call last):\n  File "app.py", line 12\nValueError: bad').hasCode).toBe(true);
    expect(flags("SELECT id, name FROM users WHERE active = 1").hasCode).toBe(true);
    expect(flags("const total = items.reduce((a, b) => a + b, 0);").hasCode).toBe(true);
    expect(flags("Please select the best option from the list and explain why, then return it to me.").hasCode).toBe(
      false,
    );
    expect(flags("Write a short poem about the sea; keep it light.").hasCode).toBe(false);
  });

  it("finds JSON that parses, not placeholders or broken JSON", () => {
    expect(flags('Fill this: {"name": "", "order_id": ""} from the message').hasJson).toBe(true);
    expect(flags('[{"id": 1}, {"id": 2}]').hasJson).toBe(true);
    expect(flags("Hi {first_name}, your invoice {invoice_id} is due.").hasJson).toBe(false);
    expect(flags('{"name": "unterminated, "x": }').hasJson).toBe(false);
    expect(flags("See [1] and [2] for details.").hasJson).toBe(false);
  });

  it("finds markdown, CSV and TSV tables, not comma-heavy prose", () => {
    expect(flags("| a | b |\n|---|---|\n| 1 | 2 |").hasTable).toBe(true);
    expect(flags("region,rep,amount\nEMEA,Ana,12000\nNA,Bob,9000").hasTable).toBe(true);
    expect(flags("name\tqty\tprice\npen\t2\t1.50\ncup\t1\t4.00").hasTable).toBe(true);
    expect(
      flags(
        "We met Ana, Bob, and Chen. Then we left, ate, and slept.\nNext day, we rested, read, and wrote. It rained.\nOn Sunday, we cooked, cleaned, and talked. Fine.",
      ).hasTable,
    ).toBe(false);
  });

  it("finds URLs", () => {
    expect(flags("Our status page is https://status.example.com/ok").hasUrl).toBe(true);
    expect(flags("visit www.example.org today").hasUrl).toBe(true);
    expect(flags("no links here, just e.g. a sentence").hasUrl).toBe(false);
  });

  it("sees tools, images and the requested output format", () => {
    const tool: ChatCompletionRequest = {
      model: "auto",
      messages: [
        { role: "user", content: "Weather in Oslo?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } }],
        },
        { role: "tool", tool_call_id: "c1", content: '{"temp": 3}' },
      ],
    };
    const f = extractFeatures(tool);
    expect(f).toMatchObject({
      hasTools: true,
      messageCount: 3,
      turnCount: 1,
      hasImages: false,
      responseFormat: "text",
    });
    const img = extractFeatures(userRequest([{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }]));
    expect(img.hasImages).toBe(true);
    const schema = extractFeatures(
      userRequest("List three colours", {
        response_format: { type: "json_schema", json_schema: { name: "c", schema: { type: "object" } } },
      }),
    );
    expect(schema.responseFormat).toBe("json_schema");
  });

  it("ignores the system prompt for content flags", () => {
    const f = extractFeatures({
      model: "auto",
      messages: [
        { role: "system", content: 'Answer as JSON like {"queue": "ORDERS"} ```example```' },
        { role: "user", content: "I want to return the blender" },
      ],
    });
    expect(f.hasJson).toBe(false);
    expect(f.hasCode).toBe(false);
  });
});

describe("language and script of the last user message", () => {
  it.each([
    ["Ich habe vor drei Wochen eine Waschmaschine bestellt, aber sie wurde nicht geliefert.", "de", "Latin"],
    ["Здравствуйте, я оплатил заказ неделю назад, но статус не изменился.", "ru", "Cyrillic"],
    ["先週注文したコーヒーメーカーがまだ届いていません。", "ja", "Kana"],
    ["请用三句话总结下面这篇文章。", "zh", "Han"],
    ["배송이 지연되어 죄송합니다.", "ko", "Hangul"],
    ["مرحبا، اشتريت هاتفا من متجركم قبل أسبوع", "ar", "Arabic"],
    ["Where is my refund? I returned the parcel two weeks ago.", "en", "Latin"],
    ["12345 !!!", "und", "None"],
  ])("%s → %s / %s", (text, language, script) => {
    expect(extractFeatures(userRequest(text))).toMatchObject({ language, script });
  });

  it("reads the prose around code, not the code", () => {
    const f = extractFeatures(
      userRequest(
        "このSQLが遅いのですが、インデックスを追加すべきでしょうか？ SELECT * FROM orders WHERE customer_id = 42;",
      ),
    );
    expect(f.language).toBe("ja");
  });

  it("detects the labelled prompts' languages (measured 98.3%; misses are English instructions around foreign material)", () => {
    const misses = LABELLED.filter((p) => extractFeatures(requestOf(p)).language !== p.lang);
    expect(misses.length / LABELLED.length).toBeLessThanOrEqual(0.03);
  });
});

describe("complexity", () => {
  const c = (text: string) => extractFeatures(userRequest(text)).complexity;

  it("is near 0 for small talk and high for multi-step, constrained reasoning", () => {
    expect(c("Hi! How are you today?")).toBeLessThan(0.1);
    const hard = [
      "Compare the three vendor proposals below and explain which one we should choose and why.",
      "1. Analyse the total cost over three years.",
      "2. Assess the delivery risks of each.",
      "3. Then recommend one; you must justify the trade-offs.",
      "The answer should be at least 300 words and must not exceed 600. What would change if the budget dropped by 20%? And what if the deadline moved?",
    ].join("\n");
    expect(c(hard)).toBeGreaterThan(0.6);
    expect(c(hard)).toBeLessThanOrEqual(1);
  });

  it("rises with each kind of signal", () => {
    const base = c("Write about electric cars.");
    expect(c("Write about electric cars. Explain why they cost more and compare them with hybrids.")).toBeGreaterThan(
      base,
    );
    expect(
      c("Write about electric cars. It must be at least 200 words and should not mention brands."),
    ).toBeGreaterThan(base);
    expect(c("Write about electric cars.\n1. history\n2. costs\n3. outlook")).toBeGreaterThan(base);
  });

  it("reads reasoning words in other languages", () => {
    expect(c("Warum ist das so? Erkläre und vergleiche die beiden Ansätze.")).toBeGreaterThan(0.25);
    expect(c("¿Por qué bajaron las ventas? Explica y compara los dos trimestres.")).toBeGreaterThan(0.25);
    expect(c("Почему упали продажи? Объясни и сравни два квартала.")).toBeGreaterThan(0.25);
  });
});

describe("lastUserText, counts and promptHash", () => {
  it("takes the last user message, text parts joined", () => {
    const req: ChatCompletionRequest = {
      model: "auto",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "first" },
        { role: "assistant", content: "ok" },
        {
          role: "user",
          content: [
            { type: "text", text: "second" },
            { type: "text", text: "part" },
          ],
        },
      ],
    };
    expect(lastUserText(req)).toBe("second\npart");
    expect(extractFeatures(req)).toMatchObject({ messageCount: 4, turnCount: 2, lastUserChars: "second\npart".length });
  });

  it("hashes the normalised prompt with SHA-256", async () => {
    expect(normalizePrompt("  Hello \n\t World ")).toBe("hello world");
    expect(await promptHash("Hello   WORLD")).toBe("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    expect(await promptHash("hello world!")).not.toBe(await promptHash("hello world"));
  });

  it("normalises exactly like NFKC + lower case + every whitespace run to one space + trim", () => {
    const reference = (t: string) => t.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
    const piece = fc.oneof(
      fc.constantFrom(
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\u00a0",
        "\u3000",
        "\u2028",
        "\ufeff",
        " \t ",
        "Ａ",
        "ﬁ",
        "Ǆ",
        "İ",
        "①",
        "e\u0301",
      ),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: "grapheme", maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((p) => p.join("")),
        (t) => normalizePrompt(t) === reference(t),
      ),
      { numRuns: 2000 },
    );
    expect(normalizePrompt("Ｈｅｌｌｏ\u3000ｗｏｒｌｄ")).toBe("hello world");
  });
});
