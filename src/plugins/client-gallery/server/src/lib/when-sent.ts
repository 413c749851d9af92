import type { EventEmitter } from 'events';

/**
 * Run `then` once the whole response has been handed on for sending: that is when a download
 * counts as delivered (the photo is marked downloaded, the milestone recorded).
 *
 * Node emits 'finish' once the last write reached the operating system. Two cases emit only
 * 'close' although the client holds every byte, and count as delivered too:
 * - the socket failed after the last write (the client read everything and reset the connection
 *   before the write's callback ran): `writableFinished` says every byte went out;
 * - the client hung up on its last byte while that write's completion was still to be noticed
 *   (libuv reads a socket's hang-up before it reports the write done): `writableEnded` says the
 *   whole body had been handed to the socket. That admits a client that left with at most one
 *   socket buffer unread (16 kB); a download cut off earlier never ended its body.
 * A response cut off before its body ended closes with neither, and `then` never runs. It runs at
 * most once. Callers must let the body stream end with its last byte (a stream of known length),
 * or a hang-up on the last byte comes before the end and the download is lost.
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
