import { KeyedMutex } from './keyed-mutex';
import type { Lease, WriteLock } from './stores';

/** A lease that cannot lapse: the in-process lock is held until released. */
export const PROCESS_LEASE: Lease = { check: () => undefined };

/** The per-executive write lock of one replica (the embedded default). */
export class ProcessWriteLock implements WriteLock {
  private readonly mutex = new KeyedMutex();

  /** @param waitMs longest wait for the lock (OCI_TIMEOUT_MS), then 503 busy with nothing sent. */
  constructor(private readonly waitMs?: number) {}

  run<T>(key: string, _opts: unknown, fn: (lease: Lease) => Promise<T>): Promise<T> {
    return this.mutex.run(key, () => fn(PROCESS_LEASE), this.waitMs);
  }
}
