import type { LoginFailureCounter, RateCounter, RateDecision, RevocationList } from './stores';

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
      if (this.buckets.size >= this.maxKeys) this.prune(t);
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

  private prune(t: number): void {
    for (const [k, b] of this.buckets) {
      this.refill(b, t);
      if (b.tokens >= this.burst) this.buckets.delete(k);
    }
    // Everyone is active: forget the oldest ones rather than grow without bound.
    while (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}

export interface LoginFailureLimits {
  /** Failures allowed per account inside the window before it is locked. */
  maxPerAccount?: number;
  /** Failures allowed per client address inside the window. */
  maxPerAddress?: number;
  windowMs?: number;
  /** Keys tracked per kind at most; the oldest are forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

/** Resolved limits, shared by the in-process and the Redis counters. */
export function loginLimits(opts: LoginFailureLimits = {}): Required<Omit<LoginFailureLimits, 'now'>> {
  return {
    maxPerAccount: opts.maxPerAccount ?? 5,
    maxPerAddress: opts.maxPerAddress ?? 20,
    windowMs: opts.windowMs ?? 15 * 60_000,
    maxKeys: opts.maxKeys ?? 10_000,
  };
}

// BroadWorks user ids are compared case-insensitively here so case games do not buy attempts.
export function accountKey(account: string): string {
  return account.toLowerCase();
}

/**
 * Failed logins per account and per client address in a sliding window, in this process.
 * Memory is bounded: at most `maxKeys` keys per kind, each holding at most its limit of timestamps.
 */
export class MemoryLoginFailures implements LoginFailureCounter {
  private readonly accounts: FailureLog;
  private readonly addresses: FailureLog;
  private readonly now: () => number;

  constructor(opts: LoginFailureLimits = {}) {
    const l = loginLimits(opts);
    this.now = opts.now ?? Date.now;
    this.accounts = new FailureLog(l.maxPerAccount, l.windowMs, l.maxKeys);
    this.addresses = new FailureLog(l.maxPerAddress, l.windowMs, l.maxKeys);
  }

  retryAfterSeconds(account: string, address: string): Promise<number> {
    const t = this.now();
    const ms = Math.max(this.accounts.lockedForMs(accountKey(account), t), this.addresses.lockedForMs(address, t));
    return Promise.resolve(ms > 0 ? Math.ceil(ms / 1000) : 0);
  }

  recordFailure(account: string, address: string): Promise<void> {
    const t = this.now();
    this.accounts.add(accountKey(account), t);
    this.addresses.add(address, t);
    return Promise.resolve();
  }

  recordSuccess(account: string): Promise<void> {
    this.accounts.clear(accountKey(account));
    return Promise.resolve();
  }
}

class FailureLog {
  private readonly map = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  lockedForMs(key: string, t: number): number {
    const times = this.live(key, t);
    if (times.length < this.limit) return 0;
    // Unlocked once the oldest failure that keeps us at the limit leaves the window.
    return times[times.length - this.limit] + this.windowMs - t;
  }

  add(key: string, t: number): void {
    const times = this.live(key, t);
    times.push(t);
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.map.delete(key); // re-insert: most recently failed keys live longest
    if (this.map.size >= this.maxKeys) this.evictOldest();
    this.map.set(key, times);
  }

  clear(key: string): void {
    this.map.delete(key);
  }

  private live(key: string, t: number): number[] {
    return (this.map.get(key) ?? []).filter((x) => x > t - this.windowMs);
  }

  private evictOldest(): void {
    const first = this.map.keys().next();
    if (!first.done) this.map.delete(first.value);
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
