const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats a value's path the way a reader writes it, for error messages (the API's `param`, the
 * rules validator's issues): `messages[0].content`, `rules[3].when.all[1]`, `categories["router/x"]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && IDENT.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
