import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../sim/server";
import { postAnthropic, postOpenAI } from "../../sim/testing";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const SYSTEM = `You are the router-classifier. Pick the one category that fits the user's request.
Categories:
- classification: label, categorise or triage an input into one of a few classes
- extraction: pull structured fields out of text
- summarization: shorten a text to its key points
- generation: write standard content such as emails, posts or product copy
- reasoning: complex analysis, multi-step reasoning, trade-offs
- code: write, explain or fix program code
- translation: translate text between languages
- chat: small talk and simple questions
Answer with JSON: {"category": "...", "confidence": 0..1, "reason": "..."}`;

const CLEAR: [string, string][] = [
  ["classification", "Classify this support ticket as billing, technical or general: I was charged twice this month."],
  ["classification", "Is this review positive or negative? Label it: 'The battery died after two days.'"],
  ["classification", "Triage this email into one of: sales, support, spam."],
  ["classification", "What is the sentiment of this tweet: 'loving the new update!'"],
  ["classification", "Categorize these products into electronics, clothing or food: TV, socks, apples."],
  ["classification", "Tag this message with the right intent: 'I want to cancel my subscription'."],
  [
    "extraction",
    "Extract the invoice number, total and due date from this text: Invoice #4411, total $320, due 2024-06-01.",
  ],
  ["extraction", "Pull out all email addresses and phone numbers from the following signature block."],
  ["extraction", "Parse this address into street, city and postcode fields as JSON: 10 Downing St, London SW1A 2AA."],
  ["extraction", "List all people and organisations mentioned in this paragraph as entities."],
  ["extraction", "From this text, extract every date and the event it refers to."],
  ["extraction", "Extract the product name, price and SKU into JSON fields."],
  [
    "summarization",
    "Summarize this article in three sentences: The city council met on Tuesday to discuss the budget...",
  ],
  ["summarization", "TL;DR of this thread please, just the key points."],
  ["summarization", "Give me a short recap of the meeting notes below."],
  ["summarization", "Condense this report into a one-paragraph summary for executives."],
  ["summarization", "What's the gist of this blog post? Summarise it briefly."],
  ["summarization", "Summarise the main points of this email chain."],
  ["generation", "Write a friendly email inviting the team to Friday's lunch."],
  ["generation", "Draft a product description for a stainless steel water bottle."],
  ["generation", "Compose a tweet announcing our new feature launch."],
  ["generation", "Write a short blog post about remote work tips."],
  ["generation", "Create a catchy slogan for a coffee shop."],
  ["generation", "Write a short poem about autumn leaves."],
  [
    "reasoning",
    "Analyze the trade-offs between microservices and a monolith for a 5-person startup, and justify a recommendation.",
  ],
  ["reasoning", "Compare these two contract clauses and assess the legal risk of each."],
  ["reasoning", "Why did the Roman Empire fall? Evaluate the competing explanations step by step."],
  ["reasoning", "Should we expand into Germany or France first? Weigh the pros and cons."],
  ["reasoning", "Evaluate the implications of raising prices by 10% on churn and revenue, step by step."],
  ["reasoning", "Assess the strategy risks in this business plan and justify your conclusion."],
  ["code", "Write a Python function that reverses a linked list."],
  ["code", "Fix this bug in my TypeScript: const x: number = 'a';"],
  ["code", "Refactor this SQL query to use a join instead of a subquery."],
  ["code", "Explain this regex: ^\\d{3}-\\d{4}$"],
  ["code", "Why does this JavaScript throw an exception?\n```js\nconst a = null; a.b();\n```"],
  ["code", "Implement a REST endpoint in Go that returns the current time."],
  ["translation", "Translate 'good morning, how are you?' into French."],
  ["translation", "Please translate this paragraph into Spanish."],
  ["translation", "Traduce al inglés: 'el gato está en la mesa'."],
  ["translation", "How do you say 'thank you very much' in Japanese? Translate it."],
  ["translation", "Translate the following product listing into German."],
  ["translation", "Übersetze bitte diesen Satz ins Englische: Ich habe Hunger."],
  ["chat", "Hi! How are you today?"],
  ["chat", "Hello there"],
  ["chat", "Thanks, that was helpful!"],
  ["chat", "Tell me a joke."],
  ["chat", "Good morning!"],
  ["chat", "Who are you?"],
];

const classify = async (text: string, system = SYSTEM, headers: Record<string, string> = {}) => {
  const res = await postOpenAI(
    sim.url,
    {
      model: "gpt-classifier",
      messages: [
        { role: "system", content: system },
        { role: "user", content: text },
      ],
      response_format: { type: "json_object" },
    },
    headers,
  );
  return ((await res.json()) as any).choices[0].message.content as string;
};

describe("classifier behaviour", () => {
  it("answers a JSON verdict with a category from the prompt's list", async () => {
    const verdict = JSON.parse(await classify("Translate 'cheese' into Italian"));
    expect(verdict).toEqual({
      category: "translation",
      confidence: expect.any(Number),
      reason: expect.stringContaining("translat"),
    });
    expect(verdict.confidence).toBeGreaterThan(0.6);
    expect(verdict.confidence).toBeLessThanOrEqual(1);
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as { classifications: number };
    expect(stats.classifications).toBeGreaterThan(0);
  });

  it("is decent but imperfect on clear cases, and deterministic", async () => {
    const answers = await Promise.all(
      CLEAR.map(async ([, text]) => JSON.parse(await classify(text)).category as string),
    );
    const right = answers.filter((a, i) => a === CLEAR[i][0]).length / CLEAR.length;
    expect(right).toBeGreaterThanOrEqual(0.75);
    expect(right).toBeLessThan(1);
    expect(await classify(CLEAR[0][1])).toBe(await classify(CLEAR[0][1]));
  });

  it("has low confidence on vague requests", async () => {
    for (const text of ["hmm", "ok so about the thing from before", "can you look at this"]) {
      expect(JSON.parse(await classify(text)).confidence).toBeLessThan(0.6);
    }
  });

  it("uses user-defined categories by their descriptions", async () => {
    const system =
      "router-classifier (answer in JSON)\n- legal-review: contracts, clauses, liability and compliance questions\n- recipes: cooking, ingredients and recipes";
    expect(
      JSON.parse(await classify("Which ingredients do I need for a cooking class lasagne?", system)).category,
    ).toBe("recipes");
    expect(JSON.parse(await classify("Is the liability clause in this contract enforceable?", system)).category).toBe(
      "legal-review",
    );
  });

  it("works over the Anthropic protocol too", async () => {
    const res = await postAnthropic(sim.url, {
      model: "claude-classifier",
      max_tokens: 100,
      system: SYSTEM,
      messages: [{ role: "user", content: "Please summarize the attached memo in two lines." }],
    });
    expect(JSON.parse(((await res.json()) as any).content[0].text)).toMatchObject({ category: "summarization" });
  });

  it.each([
    ["classifier:garbage", (t: string) => expect(() => JSON.parse(t)).toThrow()],
    ["classifier:truncated", (t: string) => expect(() => JSON.parse(t)).toThrow()],
    ["classifier:unknown", (t: string) => expect(JSON.parse(t).category).toBe("something-else")],
    ["classifier:low", (t: string) => expect(JSON.parse(t).confidence).toBe(0.12)],
  ])("gives malformed output with %s", async (fault, check) => {
    check(await classify("Translate 'cheese' into Italian", SYSTEM, { "x-sim-fault": fault }));
  });
});
