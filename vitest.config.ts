import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                OPENAI_BASE_URL: `${inject<string>("simUrl")}/v1`,
                ANTHROPIC_BASE_URL: inject<string>("simUrl"),
                OPENAI_API_KEY: "sk-test-openai",
                ANTHROPIC_API_KEY: "sk-ant-test",
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
              },
              // Deliver partial record batches after 1 s in tests (production: 5 s, wrangler.toml).
              queueConsumers: { "model-router-records": { maxBatchSize: 100, maxBatchTimeout: 1, maxRetries: 5 } },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts", "src/**/*.test.ts"],
          exclude: ["test/node/**", "test/e2e/**"],
          globalSetup: ["./test/global-setup.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/node/**/*.test.ts", "test/e2e/**/*.test.ts", "sim/**/*.test.ts", "cli/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
