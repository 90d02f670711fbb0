import { CoordinationError } from './errors';

/** Serializes async work per key inside this process (writes to one executive). */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Waits for every earlier holder of `key`, then returns the release function. With `waitMs`,
   * gives up after that long with CoordinationError('busy'), holding nothing.
   */
  async acquire(key: string, waitMs?: number): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    const done = () => {
      release();
      // The last holder cleans up, so idle keys do not accumulate.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    if (waitMs === undefined) {
      await previous;
      return done;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      previous.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), waitMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      // Our place in the queue is passed on as soon as it comes up.
      void previous.then(done);
      throw busy(waitMs);
    }
    return done;
  }

  /** Runs `fn` after every earlier holder of `key` has finished. */
  async run<T>(key: string, fn: () => Promise<T>, waitMs?: number): Promise<T> {
    const release = await this.acquire(key, waitMs);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

export function busy(waitMs: number): CoordinationError {
  return new CoordinationError(
    'busy',
    `another write to this executive held the lock for more than ${waitMs} ms; nothing was sent`,
  );
}
