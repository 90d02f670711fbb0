import { makeRoom } from './make-room';
import type { RateCounter, RateDecision, RevocationList } from './stores';

export interface TokenBucketOptions {
  /** Bucket size (requests allowed in a burst); defaults to one second's worth, at least 1. */
  burst?: number;
  /** Buckets kept at most; full (idle) buckets are dropped first. */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per key, refilled at `rps`, counted in this process. */
export class TokenBucketCounter implements RateCounter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(
    private readonly rps: number,
    opts: TokenBucketOptions = {},
  ) {
    this.burst = opts.burst ?? Math.max(1, Math.ceil(rps));
    this.maxKeys = opts.maxKeys ?? 50_000;
    this.now = opts.now ?? Date.now;
  }

  take(key: string): Promise<RateDecision> {
    return Promise.resolve(this.takeNow(key));
  }

  takeNow(key: string): RateDecision {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      // Full buckets are idle callers: forgetting one changes nothing; if everyone is active, the oldest go.
      makeRoom(this.buckets, this.maxKeys, (bucket) => {
        this.refill(bucket, t);
        return bucket.tokens >= this.burst;
      });
      b = { tokens: this.burst, at: t };
      this.buckets.set(key, b);
    } else {
      this.refill(b, t);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.rps)) };
  }

  private refill(b: Bucket, t: number): void {
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.rps);
    b.at = t;
  }
}

/** Revoked refresh sessions of one replica, each dropped once its tokens have expired. */
export class MemoryRevocationList implements RevocationList {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  revoke(id: string, untilEpochSeconds: number): Promise<void> {
    const t = this.now();
    if (this.until.size >= this.maxKeys) for (const [k, exp] of this.until) if (exp * 1000 <= t) this.until.delete(k);
    this.until.set(id, untilEpochSeconds);
    return Promise.resolve();
  }

  isRevoked(id: string): Promise<boolean> {
    const exp = this.until.get(id);
    if (exp === undefined) return Promise.resolve(false);
    if (exp * 1000 <= this.now()) {
      this.until.delete(id);
      return Promise.resolve(false);
    }
    return Promise.resolve(true);
  }
}
