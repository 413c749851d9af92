import type { EventEmitter } from 'events';

/**
 * Run `then` once the whole response has been handed on for sending: that is when a download
 * counts as delivered (the photo is marked downloaded, the milestone recorded). It says the
 * response ended, not that the client read every byte: the last source chunk (up to 256 kB) and
 * the kernel's socket buffers may still be on their way when the client leaves. The download limit
 * is spent before the first byte either way; this only drives the "downloaded" flag and milestones.
 *
 * 'finish' comes once the last write is done (also when the socket was destroyed with a write still
 * queued: Node then completes it without error). Without 'finish', a 'close' counts when the body
 * had ended: `writableFinished`, or `writableEnded` for a client that hung up on its last byte
 * while that write's completion was still to be noticed (libuv reads a socket's hang-up before it
 * reports its writes done). A response cut off before its body ended closes with neither, and
 * `then` never runs. It runs at most once. Callers must let the body stream end with its last
 * byte (a stream of known length): otherwise a hang-up on the last byte comes before the end, and
 * the download is never counted (tests/api/downloads.test.ts, delivery record).
 */
export function whenSent(res: EventEmitter & { writableFinished: boolean; writableEnded: boolean }, then: () => Promise<unknown>, onError: (error: Error) => void) {
  let ran = false;
  const run = () => {
    if (ran) return;
    ran = true;
    then().catch(onError);
  };
  res.once('finish', run);
  res.once('close', () => {
    if (res.writableFinished || res.writableEnded) run();
  });
}
