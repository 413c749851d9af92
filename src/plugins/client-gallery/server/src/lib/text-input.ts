/**
 * What every string a request carries must be: Unicode text that a database can store. PostgreSQL
 * refuses U+0000 in text (the query fails, a 500 to whoever sent it); a lone surrogate cannot be
 * written as UTF-8 at all; bytes that are not UTF-8 would be read as U+FFFD and stored as
 * something the sender never wrote. Pure rules; middlewares/text-input.ts applies them.
 */
export type TextProblem = 'nul' | 'lone-surrogate' | 'not-utf8' | 'bad-percent-encoding';

export const PROBLEM_MESSAGES: Record<TextProblem, string> = {
  nul: 'The request holds a NUL character (U+0000), which no field accepts',
  'lone-surrogate': 'The request holds a lone UTF-16 surrogate, which is not Unicode text',
  'not-utf8': 'The request body is not valid UTF-8',
  'bad-percent-encoding': 'The URL is not valid percent-encoded UTF-8',
};

const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The problem of one string, or null when it is good text. */
export function stringProblem(text: string): TextProblem | null {
  if (NUL.test(text)) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'lone-surrogate';
  return null;
}

/**
 * The first problem in any string or key of a parsed value (JSON, form fields), or null. Walked
 * without recursion: a body of deeply nested arrays must not overflow the stack.
 */
export function valueProblem(value: unknown): TextProblem | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      const problem = stringProblem(item);
      if (problem) return problem;
    } else if (Array.isArray(item)) {
      pending.push(...item);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        const problem = stringProblem(key);
        if (problem) return problem;
        pending.push(child);
      }
    }
  }
  return null;
}

/**
 * The problem of a request target as it arrived (`/path?query`, still percent-encoded), or null.
 * Route parameters and query values are decoded from it, so this covers both: a `%00` anywhere,
 * an escape that does not decode to UTF-8 (`%FF`, `%C3%28`) or is not an escape (`%zz`), and raw
 * bytes past ASCII (Node keeps them as latin1 characters) that are not UTF-8.
 */
export function urlProblem(url: string): TextProblem | null {
  let text = url;
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(url)) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(url, 'latin1'));
    } catch {
      return 'bad-percent-encoding';
    }
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return 'bad-percent-encoding';
  }
  return stringProblem(decoded);
}

/**
 * An urlencoded body's problem beyond its bytes: its escapes must decode to UTF-8 text too
 * (`a=%FF` is all ASCII, yet the parser would keep "%FF" or make U+FFFD of it).
 */
export function formProblem(body: string): TextProblem | null {
  return urlProblem(body) === 'bad-percent-encoding' ? 'bad-percent-encoding' : null;
}

/** A streaming UTF-8 check of body bytes as they arrive: a fatal decoder, so no byte is replaced silently. */
export function utf8Stream() {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let valid = true;
  return {
    /** One chunk; the decoded text (for a caller that keeps it), or null once the bytes are not UTF-8. */
    push(chunk: Uint8Array): string | null {
      if (!valid) return null;
      try {
        return decoder.decode(chunk, { stream: true });
      } catch {
        valid = false;
        return null;
      }
    },
    /** The body ended: a sequence cut short is not UTF-8 either. */
    end(): boolean {
      if (!valid) return false;
      try {
        decoder.decode();
      } catch {
        valid = false;
      }
      return valid;
    },
    get valid() {
      return valid;
    },
  };
}
