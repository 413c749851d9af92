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

type StartWorker = (env: Record<string, string>) => Promise<StrapiWorker>;

/**
 * Start a second Strapi process on the same database as the test's own (pass the env the harness
 * gave the first one). Resolves once it listens. In jest (tests/helpers/profile-environment.ts)
 * the process comes from the worker's realm, which keeps a stopped one for the next file: a boot
 * in a process that has loaded Strapi before costs about a second, a fresh process about four.
 */
export function startStrapiWorker(env: Record<string, string>): Promise<StrapiWorker> {
  const pooled = (globalThis as { __clientGalleryWorker?: StartWorker }).__clientGalleryWorker;
  const full = { ...(process.env as Record<string, string>), ...env };
  return pooled ? pooled(full) : startWorkerProcess(full);
}

/** A process that has booted and stopped a Strapi, waiting for its next boot (at most one kept). */
let idle: WorkerProcess | undefined;

/** A worker process for this boot: the idle one if there is one, else a new one. */
export function startWorkerProcess(env: Record<string, string>): Promise<StrapiWorker> {
  const proc = idle ?? new WorkerProcess();
  idle = undefined;
  proc.hold(true);
  return proc.boot(env);
}

class WorkerProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private sequence = 0;
  private waiting: { prefix: string; resolve: (line: string) => void; reject: (e: Error) => void } | undefined;
  private gone = false;

  constructor() {
    this.child = spawn(process.execPath, [path.join(__dirname, 'strapi-worker.js')], { env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk) => (this.stderr += chunk));
    this.child.once('exit', (code, signal) => {
      this.gone = true;
      if (idle === this) idle = undefined;
      this.waiting?.reject(new Error(`strapi worker exited with ${code ?? signal}: ${this.stderr}`));
      this.waiting = undefined;
    });
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => this.onLine(line));
  }

  private onLine(line: string) {
    if (this.waiting && line.startsWith(this.waiting.prefix)) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      return resolve(line);
    }
    if (!line.startsWith('{')) return;
    const message = JSON.parse(line);
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.error) waiter.reject(Object.assign(new Error(message.error.message), message.error));
    else waiter.resolve(message.result);
  }

  /**
   * An idle process must not keep the jest process alive (jest's in-band run waits for its event
   * loop to empty): its handle and pipes are unref'd while it waits, and ref'd again for a boot.
   */
  hold(busy: boolean) {
    for (const handle of [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as Array<{ ref(): void; unref(): void }>) {
      if (busy) handle.ref();
      else handle.unref();
    }
  }

  /** Send a line and wait for the answer that starts with `prefix`. */
  private ask(line: string, prefix: string): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.gone) return reject(new Error(`strapi worker is gone: ${this.stderr}`));
      this.waiting = { prefix, resolve, reject };
      this.child.stdin.write(`${line}\n`);
    });
  }

  async boot(env: Record<string, string>): Promise<StrapiWorker> {
    const port = Number((await this.ask(`BOOT ${JSON.stringify(env)}`, 'READY ')).slice(6));
    const { child } = this;
    return {
      port,
      pid: child.pid!,
      kill: () =>
        new Promise((resolve) => {
          if (this.gone) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
      call: (service, method, ...args) => {
        this.sequence += 1;
        const id = this.sequence;
        return new Promise((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          child.stdin.write(`${JSON.stringify({ id, service, method, args })}\n`);
        });
      },
      stop: async () => {
        if (this.gone) return;
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        try {
          await this.ask('STOP', 'STOPPED');
        } catch {
          return; // it died on the way down: nothing to keep
        } finally {
          clearTimeout(timer);
        }
        // Kept for the next boot in this jest worker; a second idle one is not worth its memory.
        if (idle) this.child.kill('SIGKILL');
        else {
          idle = this;
          this.hold(false);
        }
      },
    };
  }
}
