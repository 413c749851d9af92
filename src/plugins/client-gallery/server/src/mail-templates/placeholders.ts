/** `{name}` in a studio's subject or intro: replaced by the mail's value, checked on save. */
const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;

export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** The placeholders in `text` that are not among `allowed`, each once. */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  const unknown = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !allowed.includes(name));
  return [...new Set(unknown)];
}
