import type { IdempotencyBegin, IdempotencyRecords, StoredAnswer } from './stores';

export interface MemoryIdempotencyOptions {
  /** How long a final answer is replayed (default 24 h). */
  ttlMs?: number;
  /** At most this many keys are remembered; the least recently used goes first (default 10 000). */
  maxKeys?: number;
  now?: () => number;
}

interface Entry {
  fingerprint: string;
  expiresAt: number;
  /** undefined while the first attempt is still running. */
  answer?: StoredAnswer;
}

/** Idempotency-Key records of one replica, bounded (LRU) and expiring. */
export class MemoryIdempotencyRecords implements IdempotencyRecords {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(opts: MemoryIdempotencyOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 24 * 3600_000;
    this.maxKeys = opts.maxKeys ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  begin(id: string, fingerprint: string): Promise<IdempotencyBegin> {
    const hit = this.get(id);
    if (hit && hit.fingerprint !== fingerprint) return Promise.resolve({ kind: 'reused' });
    if (hit) return Promise.resolve(hit.answer ? { kind: 'replay', answer: hit.answer } : { kind: 'in-flight' });
    const entry: Entry = { fingerprint, expiresAt: this.now() + this.ttlMs };
    this.set(id, entry);
    return Promise.resolve({
      kind: 'started',
      claim: {
        complete: (answer) => {
          entry.answer = answer;
          entry.expiresAt = this.now() + this.ttlMs;
          return Promise.resolve();
        },
        abandon: () => {
          if (this.entries.get(id) === entry) this.entries.delete(id);
          return Promise.resolve();
        },
      },
    });
  }

  private get(id: string): Entry | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.answer && e.expiresAt <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks it most recently used.
    this.entries.delete(id);
    this.entries.set(id, e);
    return e;
  }

  private set(id: string, e: Entry): void {
    this.entries.set(id, e);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxKeys) break;
      this.entries.delete(oldest);
    }
  }
}
