import type { Env as RouterEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends RouterEnv {}
    interface GlobalProps {
      mainModule: typeof import("../src/index");
    }
  }
}

declare module "vitest" {
  interface ProvidedContext {
    simUrl: string;
  }
}
