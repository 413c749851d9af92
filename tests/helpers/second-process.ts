import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import path from 'path';
import readline from 'readline';

export interface StrapiWorker {
  port: number;
  /** The process id (its temp folders carry it). */
  pid: number;
  /** kill -9: the process dies where it stands, running no cleanup. Resolves once it is gone. */
  kill(): Promise<void>;
  call<T = unknown>(service: string, method: string, ...args: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Start a second Strapi process on the same database as the test's own (pass the database env
 * the harness gave the first one). Resolves once it listens.
 */
export async function startStrapiWorker(env: Record<string, string>): Promise<StrapiWorker> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [path.join(__dirname, 'strapi-worker.js')], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let sequence = 0;

  const port = await new Promise<number>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    child.once('exit', (code) => reject(new Error(`strapi worker exited with ${code}: ${stderr}`)));
    lines.on('line', (line) => {
      const ready = /^READY (\d+)$/.exec(line);
      if (ready) return resolve(Number(ready[1]));
      if (!line.startsWith('{')) return;
      const message = JSON.parse(line);
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(Object.assign(new Error(message.error.message), message.error));
      else waiter.resolve(message.result);
    });
  });

  return {
    port,
    pid: child.pid!,
    kill() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
    call(service, method, ...args) {
      sequence += 1;
      const id = sequence;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.stdin.write(`${JSON.stringify({ id, service, method, args })}\n`);
      });
    },
    stop() {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.write('STOP\n');
        setTimeout(() => child.kill('SIGKILL'), 20000).unref();
      });
    },
  };
}
