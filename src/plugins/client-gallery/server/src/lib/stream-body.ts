import type { Readable } from 'stream';

/**
 * Send a stream as the response body. Koa leaves a response whose body stream fails after the
 * headers went out open and unterminated; a download must instead be cut off, so the receiver
 * sees an aborted transfer, never a clean end of a truncated file.
 */
export function streamBody(
  ctx: { body: unknown; path?: string; res: { destroyed: boolean; destroy(error?: Error): void } },
  stream: Readable,
  log?: { warn(message: string): void },
) {
  stream.once('error', (error) => {
    // With the client gone the source fails as a consequence: nothing to report.
    if (ctx.res.destroyed) return;
    log?.warn(`client-gallery: a download was cut off (${ctx.path ?? ''}): ${error.message}`);
    ctx.res.destroy(error);
  });
  ctx.body = stream;
}
