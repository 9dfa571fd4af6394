import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Read from ./migrations by vitest.config.ts. */
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}

declare module "*.sql?raw" {
  const sql: string;
  export default sql;
}
