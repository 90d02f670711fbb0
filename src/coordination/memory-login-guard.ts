import type { LoginAdmission, LoginAttempt, LoginGuard } from './stores';

export interface LoginFailureLimits {
  /** Attempts (in flight or failed) allowed per account inside the window. */
  maxPerAccount?: number;
  /** Attempts (in flight or failed) allowed per client address inside the window. */
  maxPerAddress?: number;
  windowMs?: number;
  /** Keys tracked per kind at most; the oldest are forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

/** Resolved limits, shared by the in-process and the Redis guards. */
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

/** A settled-once wrapper: the first of failed / succeeded / refund wins, later calls do nothing. */
export function settleOnce(attempt: LoginAttempt): LoginAttempt {
  let settled = false;
  const once =
    (fn: () => Promise<void>): (() => Promise<void>) =>
    () => {
      if (settled) return Promise.resolve();
      settled = true;
      return fn();
    };
  return {
    failed: once(() => attempt.failed()),
    succeeded: once(() => attempt.succeeded()),
    refund: once(() => attempt.refund()),
  };
}

/**
 * Login attempts per account and per client address in a sliding window, in this process. The
 * check and the taking of a unit happen in one synchronous step (`admitNow`), so parallel
 * attempts see each other. Memory is bounded: at most `maxKeys` keys per kind, each holding at
 * most its limit of units.
 */
export class MemoryLoginGuard implements LoginGuard {
  private readonly accounts: UnitLog;
  private readonly addresses: UnitLog;
  private readonly now: () => number;

  constructor(opts: LoginFailureLimits = {}) {
    const l = loginLimits(opts);
    this.now = opts.now ?? Date.now;
    this.accounts = new UnitLog(l.maxPerAccount, l.windowMs, l.maxKeys);
    this.addresses = new UnitLog(l.maxPerAddress, l.windowMs, l.maxKeys);
  }

  admit(account: string, address: string): Promise<LoginAdmission> {
    return Promise.resolve(this.admitNow(account, address));
  }

  admitNow(account: string, address: string): LoginAdmission {
    const t = this.now();
    const key = accountKey(account);
    const ms = Math.max(this.accounts.lockedForMs(key, t), this.addresses.lockedForMs(address, t));
    if (ms > 0) return { admitted: false, retryAfterSeconds: Math.ceil(ms / 1000) };
    const own = this.accounts.take(key, t);
    const from = this.addresses.take(address, t);
    const giveBack = () => {
      this.accounts.giveBack(key, own);
      this.addresses.giveBack(address, from);
    };
    const attempt = settleOnce({
      failed: () => {
        own.failed = true;
        from.failed = true;
        return Promise.resolve();
      },
      succeeded: () => {
        giveBack();
        this.accounts.clearFailures(key);
        return Promise.resolve();
      },
      refund: () => {
        giveBack();
        return Promise.resolve();
      },
    });
    return { admitted: true, attempt };
  }
}

interface Unit {
  at: number;
  /** Kept as a failure; otherwise still in flight. */
  failed: boolean;
}

/** The units taken per key inside the window, in the order taken. */
class UnitLog {
  private readonly map = new Map<string, Unit[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  lockedForMs(key: string, t: number): number {
    const units = this.live(key, t);
    if (units.length < this.limit) return 0;
    // Free again once the oldest unit that keeps us at the limit leaves the window (or is given back).
    return Math.max(1, units[units.length - this.limit].at + this.windowMs - t);
  }

  take(key: string, t: number): Unit {
    const units = this.live(key, t);
    const unit = { at: t, failed: false };
    units.push(unit);
    this.map.delete(key); // re-insert: most recently used keys live longest
    if (this.map.size >= this.maxKeys) this.evictOldest();
    this.map.set(key, units);
    return unit;
  }

  giveBack(key: string, unit: Unit): void {
    const units = this.map.get(key);
    const i = units ? units.indexOf(unit) : -1;
    if (i >= 0) units!.splice(i, 1);
  }

  clearFailures(key: string): void {
    const units = this.map.get(key);
    if (units)
      this.map.set(
        key,
        units.filter((u) => !u.failed),
      );
  }

  private live(key: string, t: number): Unit[] {
    return (this.map.get(key) ?? []).filter((u) => u.at > t - this.windowMs);
  }

  private evictOldest(): void {
    const first = this.map.keys().next();
    if (!first.done) this.map.delete(first.value);
  }
}
