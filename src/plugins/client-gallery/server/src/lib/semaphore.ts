/**
 * A counting semaphore. sharp work is CPU- and memory-heavy; bounding how many decodes run at
 * once keeps a burst of uploads from multiplying peak RSS or starving the event loop.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  /** `limit` may be read on each use (a config value that can change while the server runs). */
  constructor(private readonly limit: number | (() => number)) {
    if (typeof limit === 'number' && (!Number.isInteger(limit) || limit < 1)) throw new Error('Semaphore limit must be a positive integer');
  }

  private get max(): number {
    return typeof this.limit === 'number' ? this.limit : Math.max(1, Math.floor(this.limit()) || 1);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A woken waiter re-checks: the limit may have been lowered meanwhile.
    while (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

/** Runs `task` once per key at a time: concurrent callers for the same key share one result. */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, task: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const promise = task().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }
}
