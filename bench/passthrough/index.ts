/**
 * The bare pass-through Worker the router benchmark compares against (issue 8): it forwards the
 * request body to the upstream's chat completions endpoint and returns its response, nothing else.
 * Kept in the repo for the benchmark only; `npm run bench` serves it in workerd beside the router.
 */
interface PassthroughEnv {
  /** Full URL of the upstream's POST /v1/chat/completions (the provider simulator's). */
  UPSTREAM_URL: string;
  UPSTREAM_API_KEY: string;
}

export default {
  fetch(request: Request, env: PassthroughEnv): Promise<Response> {
    return fetch(env.UPSTREAM_URL, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${env.UPSTREAM_API_KEY}` },
      body: request.body,
    });
  },
} satisfies ExportedHandler<PassthroughEnv>;
