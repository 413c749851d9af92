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

  it('runs when the socket failed after every byte was written (Node emits close without finish)', async () => {
    let sent = 0;
    const res = Object.assign(new EventEmitter(), { writableFinished: true, writableEnded: true });
    whenSent(
      res,
      async () => (sent += 1),
      () => undefined,
    );
    res.emit('close');
    await settle();
    expect(sent).toBe(1);
  });

  it('runs when the client hung up after the whole body was handed to the socket, before its write was reported done', async () => {
    let sent = 0;
    const res = Object.assign(new EventEmitter(), { writableFinished: false, writableEnded: true });
    whenSent(
      res,
      async () => (sent += 1),
      () => undefined,
    );
    res.emit('close');
    await settle();
    expect(sent).toBe(1);
  });

  it('does not run on a close before the last byte, and runs once for finish then close', async () => {
    const cut = Object.assign(new EventEmitter(), { writableFinished: false, writableEnded: false });
    const whole = Object.assign(new EventEmitter(), { writableFinished: true, writableEnded: true });
    const counts = { cut: 0, whole: 0 };
    whenSent(
      cut,
      async () => (counts.cut += 1),
      () => undefined,
    );
    whenSent(
      whole,
      async () => (counts.whole += 1),
      () => undefined,
    );
    cut.emit('close');
    whole.emit('finish');
    whole.emit('close');
    await settle();
    expect(counts).toEqual({ cut: 0, whole: 1 });
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
