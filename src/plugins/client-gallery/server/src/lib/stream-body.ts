import type { Readable } from 'stream';

/**
 * Send a stream as the response body. Koa leaves a response whose body stream fails after the
 * headers went out open and unterminated; a download must instead be cut off, so the receiver
 * sees an aborted transfer, never a clean end of a truncated file.
 */
export function streamBody(ctx: { body: unknown; res: { destroyed: boolean; destroy(error?: Error): void } }, stream: Readable) {
  stream.once('error', (error) => {
    if (!ctx.res.destroyed) ctx.res.destroy(error);
  });
  ctx.body = stream;
}
