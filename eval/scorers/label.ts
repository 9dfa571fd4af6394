/** Reference-label scorers: exact and normalised match. Pure, pass/fail (1 or 0). */

/**
 * Normalises a label for comparison: Unicode NFKC, lower case, quotes, markdown emphasis and
 * trailing punctuation dropped, inner whitespace collapsed.
 * @example normalizeLabel('  "Billing." ') // "billing"
 */
export function normalizeLabel(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[*_`"'“”‘’]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(label|category|answer|class)\s*:\s*/, "")
    .replace(/[.!?;:,]+$/, "")
    .trim();
}

/** 1 when the answer is the reference exactly (outer whitespace ignored). */
export function exactScore(answer: string, reference: string): number {
  return answer.trim() === reference.trim() ? 1 : 0;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * 1 when the answer names the reference label: equal after normalising, or, given the allowed
 * `labels`, when the reference is the only allowed label the answer mentions as a whole word
 * ("The category is Billing." scores 1; "billing or technical" scores 0).
 * @example labelScore("Category: Billing.", "billing") // 1
 */
export function labelScore(answer: string, reference: string, labels?: readonly string[]): number {
  const a = normalizeLabel(answer);
  const ref = normalizeLabel(reference);
  if (a === ref) return 1;
  if (!labels?.length) return 0;
  const mentioned = labels
    .map(normalizeLabel)
    .filter((l) => new RegExp(`(^|[^\\p{L}\\p{N}])${escape(l)}($|[^\\p{L}\\p{N}])`, "u").test(a));
  return mentioned.length === 1 && mentioned[0] === ref ? 1 : 0;
}

/** 1 when the regex matches the answer. */
export function regexScore(answer: string, pattern: string, flags = ""): number {
  return new RegExp(pattern, flags).test(answer) ? 1 : 0;
}
