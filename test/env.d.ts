declare module "cloudflare:workers" {
  interface ProvidedEnv extends import("../src/env").Env {}
}
declare module "vitest" {
  interface ProvidedContext {
    simUrl: string;
  }
}
export {};
