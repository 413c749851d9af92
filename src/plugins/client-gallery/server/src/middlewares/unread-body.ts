import type { Context, Next } from 'koa';
import type { IncomingMessage } from 'http';

/**
 * A request body that nobody read is not gone: on a kept-alive connection Node reads it to the
 * end and drops it before the next request can start, so a 401 on an upload route would still
 * take in a 300 MB body. Saying `Connection: close` makes Node close the socket once the answer
 * is written instead (its response-finished step destroys a socket marked last), so the rest of
 * the body is never read. One helper for every such answer.
 */
export function closeConnection(ctx: Context) {
  if (!ctx.headerSent) ctx.set('Connection', 'close');
}

/** The request carried a body that has not been received in full (so nobody read it to the end). */
export function hasUnreadBody(req: IncomingMessage): boolean {
  return !req.complete;
}

/** Answer without reading the request body, and close the connection so Node does not read it either. */
export function refuseUnread(ctx: Context, status: number, name: string, message: string) {
  closeConnection(ctx);
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message } };
}

/**
 * Outermost middleware (added at register, before the host's): whatever answered (authentication's
 * 401, a policy's 403, the body parser's 413 from Content-Length, a route's refusal), if the request
 * body is still unread when the answer leaves, the connection closes with it.
 */
export function closeUnreadBodies() {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } finally {
      if (hasUnreadBody(ctx.req)) closeConnection(ctx);
    }
  };
}
