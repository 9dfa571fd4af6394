/** Things that look like provider keys (OpenAI `sk-…`, `sk-proj-…`, Anthropic `sk-ant-…`, masked forms). */
const KEY_LIKE = /\b(?:sk|rk|pk)-[A-Za-z0-9_*.-]{6,}/g;
const MAX_CHARS = 400;

/**
 * Makes upstream text safe for an error message, a log line or a record: removes the key itself
 * and anything shaped like a key (upstreams echo masked keys in 401s), and bounds the length
 * (a proxy may answer with a whole HTML page).
 * @example safeText("Incorrect API key provided: sk-abc***xyz", "sk-abc123xyz") // "Incorrect API key provided: [redacted]"
 */
export function safeText(text: string, apiKey?: string): string {
  let out = apiKey ? text.split(apiKey).join("[redacted]") : text;
  out = out.replace(KEY_LIKE, "[redacted]").replace(/\s+/g, " ").trim();
  return out.length > MAX_CHARS ? `${out.slice(0, MAX_CHARS)}…` : out;
}
