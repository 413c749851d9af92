import http from 'http';
import { EventEmitter } from 'events';
import type { AddressInfo } from 'net';
import { Readable } from 'stream';
import { whenSent } from '../../src/plugins/client-gallery/server/src/lib/when-sent';

/**
 * A download counts as delivered once its last byte has left the server, exactly once, and never
 * when it was cut off (lib/when-sent.ts). Real sockets for the first two rules.
 */
async function serve(body: () => Readable, onSent: () => void) {
  const server = http.createServer((req, res) => {
    whenSent(
      res,
      async () => onSent(),
      () => undefined,
    );
    body().pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('whenSent', () => {
  it('runs once when the client read the whole body', async () => {
    let sent = 0;
    const { server, url } = await serve(
      () => Readable.from([Buffer.alloc(1024, 1), Buffer.alloc(1024, 2)]),
      () => (sent += 1),
    );
    try {
      const response = await fetch(url);
      expect((await response.arrayBuffer()).byteLength).toBe(2048);
      await settle();
      expect(sent).toBe(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('never runs when the client went away in the middle', async () => {
    let sent = 0;
    // An endless body: the server can only stop when the client leaves.
    const endless = () =>
      new Readable({
        read() {
          this.push(Buffer.alloc(64 * 1024));
        },
      });
    const { server, url } = await serve(endless, () => (sent += 1));
    try {
      await new Promise<void>((resolve, reject) => {
        http
          .get(url, (res) =>
            res.once('data', () => {
              res.destroy();
              resolve();
            }),
          )
          .once('error', reject);
      });
      await settle();
      expect(sent).toBe(0);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  /** A response's state at its events, without a socket: how many times the delivery ran after `events`. */
  async function runsAfter(state: { writableFinished: boolean; writableEnded: boolean }, events: string[]) {
    let sent = 0;
    const res = Object.assign(new EventEmitter(), state);
    whenSent(
      res,
      async () => (sent += 1),
      () => undefined,
    );
    for (const event of events) res.emit(event);
    await settle();
    return sent;
  }

  it.each([
    ['a close after the socket failed with every byte written (Node emits no finish)', 1, { writableFinished: true, writableEnded: true }, ['close']],
    ['a close after the body was handed to the socket, its write not yet reported done', 1, { writableFinished: false, writableEnded: true }, ['close']],
    ['a close before the body ended', 0, { writableFinished: false, writableEnded: false }, ['close']],
    ['finish, then close', 1, { writableFinished: true, writableEnded: true }, ['finish', 'close']],
  ])('after %s runs %i time(s)', async (_case, times, state, events) => {
    expect(await runsAfter(state, events)).toBe(times);
  });

  it('hands a failure of the delivery record to the error handler', async () => {
    const res = Object.assign(new EventEmitter(), { writableFinished: true, writableEnded: true });
    const errors: string[] = [];
    whenSent(
      res,
      async () => {
        throw new Error('database is locked');
      },
      (error) => errors.push(error.message),
    );
    res.emit('finish');
    await settle();
    expect(errors).toEqual(['database is locked']);
  });
});
