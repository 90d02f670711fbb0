export interface BruteForceOptions {
  /** Failures allowed per account inside the window before it is locked. */
  maxPerAccount?: number;
  /** Failures allowed per client address inside the window. */
  maxPerAddress?: number;
  windowMs?: number;
  /** Keys tracked per kind at most; the oldest are forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

/**
 * Counts failed logins per account and per client address in a sliding window. Memory is
 * bounded: at most `maxKeys` keys per kind, each holding at most its limit of timestamps.
 */
export class BruteForceGuard {
  private readonly accounts: FailureLog;
  private readonly addresses: FailureLog;
  private readonly now: () => number;

  constructor(opts: BruteForceOptions = {}) {
    const windowMs = opts.windowMs ?? 15 * 60_000;
    const maxKeys = opts.maxKeys ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.accounts = new FailureLog(opts.maxPerAccount ?? 5, windowMs, maxKeys);
    this.addresses = new FailureLog(opts.maxPerAddress ?? 20, windowMs, maxKeys);
  }

  /** Seconds to wait when the account or the address is locked, else 0. */
  retryAfterSeconds(account: string, address: string): number {
    const t = this.now();
    const ms = Math.max(this.accounts.lockedForMs(accountKey(account), t), this.addresses.lockedForMs(address, t));
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  recordFailure(account: string, address: string): void {
    const t = this.now();
    this.accounts.add(accountKey(account), t);
    this.addresses.add(address, t);
  }

  /** A successful login clears the account's failures (not the address's). */
  recordSuccess(account: string): void {
    this.accounts.clear(accountKey(account));
  }
}

// BroadWorks user ids are compared case-insensitively here so case games do not buy attempts.
function accountKey(account: string): string {
  return account.toLowerCase();
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
    const times = (this.map.get(key) ?? []).filter((x) => x > t - this.windowMs);
    return times;
  }

  private evictOldest(): void {
    const first = this.map.keys().next();
    if (!first.done) this.map.delete(first.value);
  }
}
