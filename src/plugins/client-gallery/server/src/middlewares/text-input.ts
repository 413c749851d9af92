import type { Context, Next } from 'koa';
import type { IncomingMessage } from 'http';
import { errors } from '@strapi/utils';
import { formProblem, PROBLEM_MESSAGES, urlProblem, utf8Stream, valueProblem, type TextProblem } from '../lib/text-input';

/**
 * The one door for text in requests (lib/text-input.ts has the rules): no NUL, no lone surrogate,
 * nothing but UTF-8, in the URL (route parameters and query values are decoded from it), in JSON,
 * urlencoded and text bodies, and in multipart fields and file names. A refusal is a 400
 * ValidationError before any controller, policy or log-in counter sees the request: Strapi's own
 * `/admin/login` and users-permissions' routes included, since the check is a server middleware.
 *
 * Two parts, because the body parser (strapi::body) reads the bytes and replaces what is not
 * UTF-8 with U+FFFD, after which a replaced byte and a U+FFFD the sender meant look the same:
 * - `watchBodyBytes` (outermost, added at register) sees each raw chunk of a JSON, urlencoded or
 *   text body as Node's parser hands it over, through a fatal UTF-8 decoder;
 * - `refuseBadText` (added at bootstrap, after the host's middlewares, so the body is parsed) decides.
 * Multipart bodies are parsed later, after authentication (middlewares/multipart.ts), which calls
 * `refuseBadFields` on what it parsed.
 */
interface BodyWatch {
  utf8: ReturnType<typeof utf8Stream>;
  /** The urlencoded body as text, to check its escapes. */
  form: string | null;
}

const watches = new WeakMap<IncomingMessage, BodyWatch>();

function refuse(problem: TextProblem): never {
  throw new errors.ValidationError(PROBLEM_MESSAGES[problem], { problem });
}

export function watchBodyBytes() {
  return (ctx: Context, next: Next) => {
    const kind = ctx.is('json', 'urlencoded', 'text');
    const encoding = String(ctx.get('Content-Encoding') || 'identity').toLowerCase();
    // A compressed body's bytes are not its text; the parser inflates it, so its text is checked after (no NUL, no lone surrogate).
    if (kind && encoding === 'identity') {
      const req = ctx.req as IncomingMessage;
      const watch: BodyWatch = { utf8: utf8Stream(), form: kind === 'urlencoded' ? '' : null };
      watches.set(req, watch);
      // Node's HTTP parser pushes every body chunk into the request stream, whoever reads it and
      // whenever: watching push sees the bytes without changing how the stream flows. This runs
      // before the parser hands over any chunk (the request event comes first, synchronously).
      const push = req.push;
      req.push = function watchedPush(this: IncomingMessage, chunk: Buffer | string | null, bufferEncoding?: BufferEncoding) {
        if (chunk === null) watch.utf8.end();
        else if (watch.utf8.valid && chunk) {
          const text = watch.utf8.push(typeof chunk === 'string' ? Buffer.from(chunk, bufferEncoding) : chunk);
          if (watch.form !== null && text !== null) watch.form += text;
        }
        return push.call(this, chunk, bufferEncoding);
      };
    }
    return next();
  };
}

export function refuseBadText() {
  return async (ctx: Context, next: Next) => {
    const urlIssue = urlProblem(ctx.originalUrl ?? ctx.url);
    if (urlIssue) refuse(urlIssue);
    const watch = watches.get(ctx.req);
    if (watch && !watch.utf8.valid) refuse('not-utf8');
    if (watch?.form) {
      const formIssue = formProblem(watch.form);
      if (formIssue) refuse(formIssue);
    }
    const bodyIssue = valueProblem(ctx.request.body);
    if (bodyIssue) refuse(bodyIssue);
    await next();
  };
}

/** Multipart fields and file names, once the route's parser has read them. */
export function refuseBadFields(fields: unknown, fileNames: unknown[]) {
  const problem = valueProblem(fields) ?? valueProblem(fileNames);
  if (problem) refuse(problem);
}
