import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from 'pino';
import { accountKey, loginLimits, MemoryLoginGuard, settleOnce, type LoginFailureLimits } from './memory-login-guard';
import type { RedisConnection } from './redis-connection';
import { refusedAs } from './redis-counters';
import type { LoginAdmission, LoginAttempt, LoginGuard } from './stores';

/** The units one attempt holds in Redis, and when their fixed windows end (epoch ms). */
interface SharedUnits {
  account: string;
  address: string;
  accountWindowEnd: number;
  addressWindowEnd: number;
}

/**
 * Login attempts counted by the fleet (rate-limiter-flexible fixed windows in Redis) and, always,
 * in this process too: a lock seen by either refuses, so an unreachable Redis never opens the
 * guard — the replica still counts the attempts it sees itself.
 *
 * An attempt `consume`s one point on the account's key, then on the address's key; a refused
 * consume is undone with `reward` (and so is the account's point when the address refuses), so a
 * key's points are exactly its attempts in flight plus its failures. The account's failures are
 * also counted on a key of their own, which a success takes atomically (GETDEL) and gives back:
 * clearing them never cancels the points of attempts still in flight.
 */
export class RedisLoginGuard implements LoginGuard {
  private readonly accounts: RateLimiterRedis;
  private readonly addresses: RateLimiterRedis;
  private readonly local: MemoryLoginGuard;
  private readonly now: () => number;
  private readonly logger?: Pick<Logger, 'warn'>;

  constructor(
    private readonly redis: RedisConnection,
    opts: LoginFailureLimits & { logger?: Pick<Logger, 'warn'> } = {},
  ) {
    const l = loginLimits(opts);
    const duration = Math.ceil(l.windowMs / 1000);
    const common = { storeClient: redis.client, duration, rejectIfRedisNotReady: true };
    this.accounts = new RateLimiterRedis({ ...common, keyPrefix: 'login-account', points: l.maxPerAccount });
    this.addresses = new RateLimiterRedis({ ...common, keyPrefix: 'login-address', points: l.maxPerAddress });
    this.local = new MemoryLoginGuard(opts);
    this.now = opts.now ?? Date.now;
    this.logger = opts.logger;
  }

  async admit(account: string, address: string): Promise<LoginAdmission> {
    const local = this.local.admitNow(account, address);
    if (!local.admitted) return local;
    let shared: SharedUnits | { retryAfterSeconds: number } | undefined;
    try {
      shared = await this.take(accountKey(account), address);
    } catch {
      // Redis unreachable: this replica's own count guards alone (RedisConnection logs the outage).
      shared = undefined;
    }
    if (shared && 'retryAfterSeconds' in shared) {
      await local.attempt.refund();
      return { admitted: false, retryAfterSeconds: shared.retryAfterSeconds };
    }
    return { admitted: true, attempt: this.attempt(local.attempt, shared) };
  }

  private attempt(local: LoginAttempt, shared: SharedUnits | undefined): LoginAttempt {
    if (!shared) return local;
    return settleOnce({
      failed: async () => {
        await local.failed();
        await this.best('login failure count', async (c) => {
          await c
            .multi()
            .incr(failuresKey(shared.account))
            .pexpireat(failuresKey(shared.account), shared.accountWindowEnd)
            .exec();
        });
      },
      succeeded: async () => {
        await local.succeeded();
        await this.giveBack(shared);
        await this.best('login failure reset', async (c) => {
          const failures = Number((await c.getdel(failuresKey(shared.account))) ?? 0);
          if (failures > 0 && this.now() < shared.accountWindowEnd)
            await this.accounts.reward(shared.account, failures);
        });
      },
      refund: async () => {
        await local.refund();
        await this.giveBack(shared);
      },
    });
  }

  /** Takes a point on both keys, or none: a refused consume is undone at once. */
  private async take(account: string, address: string): Promise<SharedUnits | { retryAfterSeconds: number }> {
    const a = await this.redis.call('login guard', () => refusedAs(this.accounts.consume(account)));
    if (a.consumedPoints > this.accounts.points) {
      await this.best('login guard refund', () => this.accounts.reward(account, 1));
      return { retryAfterSeconds: Math.max(1, Math.ceil(a.msBeforeNext / 1000)) };
    }
    const accountWindowEnd = this.now() + a.msBeforeNext;
    let b: RateLimiterRes;
    try {
      b = await this.redis.call('login guard', () => refusedAs(this.addresses.consume(address)));
    } catch (err) {
      await this.best('login guard refund', () => this.accounts.reward(account, 1));
      throw err;
    }
    if (b.consumedPoints > this.addresses.points) {
      await this.best('login guard refund', () =>
        Promise.all([this.accounts.reward(account, 1), this.addresses.reward(address, 1)]),
      );
      return { retryAfterSeconds: Math.max(1, Math.ceil(b.msBeforeNext / 1000)) };
    }
    return { account, address, accountWindowEnd, addressWindowEnd: this.now() + b.msBeforeNext };
  }

  /** Gives both points back, each only while its window lasts (a new window owes it nothing). */
  private async giveBack(u: SharedUnits): Promise<void> {
    const t = this.now();
    await this.best('login guard refund', () =>
      Promise.all([
        t < u.accountWindowEnd ? this.accounts.reward(u.account, 1) : undefined,
        t < u.addressWindowEnd ? this.addresses.reward(u.address, 1) : undefined,
      ]),
    );
  }

  /** A bookkeeping call that must not fail the login: when Redis cannot take it, it is logged. */
  private async best(what: string, fn: (c: RedisConnection['client']) => Promise<unknown>): Promise<void> {
    try {
      await this.redis.call(what, fn);
    } catch (err) {
      this.logger?.warn(
        { event: 'login-guard-refund-lost', reason: (err as Error).message },
        `${what} could not reach Redis (a unit not given back lapses with its window)`,
      );
    }
  }
}

function failuresKey(account: string): string {
  return `login-failures:${account}`;
}
