/**
 * The routing guide's input-characteristic routing, end to end through the Worker with the default
 * rules: short, structured input in the primary language → economy; long, complex or less common
 * language → premium; input that matches no known pattern → the cheap classifier → premium when
 * it cannot place it ("for safer handling").
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { chat, post, seedClients } from "./helpers";

beforeAll(async () => {
  await seedClients();
  await env.RULES.delete("config:active"); // the built-in default rules
});

const user = (content: string) => ({ model: "auto", messages: [{ role: "user", content }] });

async function decision(content: string) {
  const res = await post("/v1/route?classify=true", user(content));
  expect(res.status).toBe(200);
  return (await res.json()) as {
    rule: string;
    route: string;
    category: string;
    category_source: string;
    targets: { tier: string }[];
  };
}

describe("input-characteristic routing with the default rules", () => {
  it("short, structured, English extraction → economy", async () => {
    const d = await decision(
      "Extract the name, email and order number as JSON from: 'Hi, I'm Dana Lee (dana@example.com), order #48213 arrived broken.'",
    );
    expect(d).toMatchObject({ rule: "classification-extraction", route: "economy", category: "extraction" });
    expect(d.targets[0].tier).toBe("economy");
  });

  it("the same task in a less common language → premium", async () => {
    const d = await decision(
      "Извлеки имя, адрес электронной почты и номер заказа в формате JSON: «Здравствуйте, я Дана Ли, заказ 48213 пришёл сломанным».",
    );
    expect(d).toMatchObject({ rule: "uncommon-language", route: "premium" });
    expect(d.targets[0].tier).toBe("premium");
  });

  it("a long input → premium", async () => {
    const long =
      "Classify the sentiment of each of these reviews. " +
      "The delivery was late but the support team was helpful and polite. ".repeat(700);
    const d = await decision(long);
    expect(d).toMatchObject({ rule: "long-or-complex", route: "premium" });
  });

  it("complex, multi-step instructions → premium", async () => {
    const d = await decision(
      "Compare the two vendor contracts below and explain why clause 7 conflicts with clause 12. First list every obligation, " +
        "then analyse the liability caps step by step, and finally recommend which one we must sign, justifying each point with evidence. " +
        "You must consider termination rights, should flag ambiguous terms, and must not exceed 500 words.",
    );
    expect(d.route).toBe("premium");
    expect(d.targets[0].tier).toBe("premium");
  });

  it("an input no pattern knows goes to the cheap classifier; when it cannot place it → premium", async () => {
    const d = await decision("Hmm, what about the thing from yesterday?");
    expect(["model", "fallback"]).toContain(d.category_source);
    expect(d.route).toBe("premium");
  });

  it("an explicit task tag settles the category without any classifier", async () => {
    const res = await chat(user("Is this about billing or shipping: 'my parcel never came'"), {
      headers: { "x-router-task": "classification" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-router-category-source")).toBe("tag");
    expect(res.headers.get("x-router-route")).toBe("economy");
  });

  it("a router/<category> alias does the same", async () => {
    const res = await chat({ ...user("my parcel never came"), model: "router/classification" });
    expect(res.headers.get("x-router-category")).toBe("classification");
    expect(res.headers.get("x-router-category-source")).toBe("alias");
  });

  it("a repeated prompt that needed the cheap model is answered from the cache the second time", async () => {
    const prompt = "Turn this note into a short tweet: we launch on Monday.";
    const first = await chat(user(prompt));
    expect(first.headers.get("x-router-category-source")).toBe("model");
    expect(first.headers.get("x-router-category")).toBe("generation");
    const second = await chat(user(prompt));
    expect(second.headers.get("x-router-category-source")).toBe("cache");
    expect(second.headers.get("x-router-category")).toBe("generation");
  });
});
