import { createCoordination, CoordinationError, type Coordination, type LoginAttempt } from '../../src/coordination';
import { RedisConnection } from '../../src/coordination/redis-connection';
import { RedisLoginGuard } from '../../src/coordination/redis-login-guard';
import { SharedWriteLock, lockTtlMs } from '../../src/coordination/redis-write-lock';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';
import { eventually } from '../helpers/eventually';

/**
 * The Redis stores against a real redis-server: two "replicas" are two independent sets of
 * stores (own connections) on one server.
 */

const OCI_TIMEOUT_MS = 300;

function replica(redis: RedisServer, extra: { rateLimitRps?: number } = {}): Coordination {
  return createCoordination({
    redisUrl: redis.url,
    redisTimeoutMs: 200,
    ociTimeoutMs: OCI_TIMEOUT_MS,
    idempotencyTtlMs: 60_000,
    loginLimits: { maxPerAccount: 3, maxPerAddress: 10 },
    ...extra,
  });
}

async function usable(c: Coordination): Promise<void> {
  // The first command succeeds once the connection is ready (no offline queue).
  await eventually(
    async () => {
      try {
        await c.revocations.isRevoked('probe');
        return !c.status().degraded;
      } catch {
        return false;
      }
    },
    'Redis to be usable',
    { withinMs: 3000 },
  );
}

/** A login attempt the guard admitted (fails the test otherwise). */
async function admitted(c: Coordination, account: string, address: string): Promise<LoginAttempt> {
  const admission = await c.loginFailures.admit(account, address);
  if (!admission.admitted) throw new Error(`${account} from ${address} was refused`);
  return admission.attempt;
}

const answer = { status: 201, contentType: 'application/json', body: '{"ok":true}' };

describeWithRedis('Redis coordination stores', () => {
  let redis: RedisServer;
  let a: Coordination;
  let b: Coordination;
  beforeAll(async () => {
    redis = await startRedis();
    a = replica(redis, { rateLimitRps: 0.05 });
    b = replica(redis, { rateLimitRps: 0.05 });
    await Promise.all([usable(a), usable(b)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it('the write lock serializes two replicas on one key, and not different keys', async () => {
    const order: string[] = [];
    let releaseA!: () => void;
    const holding = new Promise<void>((r) => (releaseA = r));
    const first = a.writeLock.run('k1', { strict: true }, async () => {
      order.push('a-in');
      await holding;
      order.push('a-out');
    });
    await eventually(() => order.includes('a-in'), 'a to hold the lock');
    const second = b.writeLock.run('k1', { strict: true }, () => {
      order.push('b-in');
      return Promise.resolve();
    });
    const other = await b.writeLock.run('k2', { strict: true }, () => Promise.resolve('k2 ran'));
    expect(other).toBe('k2 ran');
    expect(order).toEqual(['a-in']);
    releaseA();
    await Promise.all([first, second]);
    expect(order).toEqual(['a-in', 'a-out', 'b-in']);
  });

  it('a writer that cannot get the lock within OCI_TIMEOUT_MS gets CoordinationError busy, and never runs', async () => {
    let releaseA!: () => void;
    const holding = new Promise<void>((r) => (releaseA = r));
    let entered = false;
    const first = a.writeLock.run('k3', { strict: true }, async () => {
      entered = true;
      await holding;
    });
    await eventually(() => entered, 'a to hold the lock');
    let ranB = false;
    await expect(
      b.writeLock.run('k3', { strict: false }, () => {
        ranB = true;
        return Promise.resolve();
      }),
    ).rejects.toMatchObject({ name: 'CoordinationError', kind: 'busy' });
    expect(ranB).toBe(false);
    releaseA();
    await first;
  });

  it('Idempotency records: started on one replica → in flight on the other, other body → reused, then replay; abandoned → new attempt', async () => {
    const first = await a.idempotency.begin('id-1', 'fp-1');
    expect(first.kind).toBe('started');
    expect((await b.idempotency.begin('id-1', 'fp-1')).kind).toBe('in-flight');
    expect((await b.idempotency.begin('id-1', 'fp-2')).kind).toBe('reused');
    if (first.kind !== 'started') throw new Error('unreachable');
    await first.claim.complete(answer);
    expect(await b.idempotency.begin('id-1', 'fp-1')).toEqual({ kind: 'replay', answer });
    expect((await b.idempotency.begin('id-1', 'fp-2')).kind).toBe('reused');

    const again = await a.idempotency.begin('id-2', 'fp');
    if (again.kind !== 'started') throw new Error('expected started');
    await again.claim.abandon();
    expect((await b.idempotency.begin('id-2', 'fp')).kind).toBe('started');
  });

  it('the in-flight marker of a replica that died expires with the lock TTL, not with the answer TTL', async () => {
    const dying = replica(redis);
    await usable(dying);
    expect((await dying.idempotency.begin('id-dead', 'fp')).kind).toBe('started');
    void dying.close(); // gone mid-request: no renewal, no answer
    expect((await b.idempotency.begin('id-dead', 'fp')).kind).toBe('in-flight');
    // The marker TTL is lockTtlMs(300) = 1.6 s; the answer TTL here is 60 s.
    await eventually(
      async () => (await b.idempotency.begin('id-dead', 'fp')).kind === 'started',
      'the marker to expire',
      { withinMs: 2 * lockTtlMs(OCI_TIMEOUT_MS) },
    );
  });

  it('the rate limit is counted across replicas', async () => {
    expect(await a.rateLimit!.take('system:alice')).toEqual({ allowed: true });
    const refused = await b.rateLimit!.take('system:alice');
    expect(refused.allowed).toBe(false);
    expect(await b.rateLimit!.take('system:bob')).toEqual({ allowed: true });
  });

  it('login attempts are counted across replicas (case-insensitive account): in flight or failed they use the budget, a refund gives it back, a success clears failures only', async () => {
    const failed = await admitted(a, 'Eve@x', '10.0.0.1');
    await failed.failed();
    const inFlight = await admitted(b, 'eve@x', '10.0.0.2');
    const third = await admitted(a, 'eve@X', '10.0.0.3');
    expect(await b.loginFailures.admit('EVE@x', '10.0.0.4')).toMatchObject({ admitted: false });
    await third.refund();
    const success = await admitted(b, 'eve@x', '10.0.0.5');
    await success.succeeded();
    // The failure is gone; the attempt still in flight keeps its unit: two more fit, not three.
    const more = [await admitted(a, 'eve@x', '10.0.0.6'), await admitted(b, 'eve@x', '10.0.0.7')];
    expect(await a.loginFailures.admit('eve@x', '10.0.0.8')).toMatchObject({ admitted: false });
    for (const attempt of [inFlight, ...more]) await attempt.refund();
    expect(await a.loginFailures.admit('eve@x', '10.0.0.9')).toMatchObject({ admitted: true });
  });

  it('an address refused by its budget takes nothing from the account', async () => {
    for (let i = 0; i < 10; i++) await (await admitted(a, `acct${i}`, '10.0.9.1')).failed();
    expect(await b.loginFailures.admit('victim', '10.0.9.1')).toMatchObject({ admitted: false });
    for (let i = 0; i < 3; i++) await admitted(b, 'victim', `10.0.9.${i + 2}`);
    expect(await a.loginFailures.admit('victim', '10.0.9.9')).toMatchObject({ admitted: false });
  });

  it('a session revoked on one replica is revoked on the other, until its expiry', async () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    await a.revocations.revoke('sid-1', exp);
    expect(await b.revocations.isRevoked('sid-1')).toBe(true);
    expect(await b.revocations.isRevoked('sid-2')).toBe(false);
  });

  describe('when Redis goes away', () => {
    afterAll(async () => {
      if (a.status().degraded) {
        await redis.start();
        await Promise.all([usable(a), usable(b)]);
      }
    });

    it('a login attempt whose refund cannot reach Redis is logged, and the login still answers', async () => {
      const warnings: Record<string, unknown>[] = [];
      const conn = new RedisConnection({ url: redis.url, timeoutMs: 200 });
      const guard = new RedisLoginGuard(conn, { logger: { warn: (obj: object) => void warnings.push(obj as never) } });
      try {
        await eventually(() => !conn.degraded, 'the connection to be up', { withinMs: 3000 });
        const admission = await guard.admit('refund-me', '10.2.2.2');
        expect(admission.admitted).toBe(true);
        await redis.stop();
        if (admission.admitted) await admission.attempt.refund();
        expect(warnings).toEqual([expect.objectContaining({ event: 'login-guard-refund-lost' })]);
      } finally {
        await conn.close();
        await redis.start();
        await Promise.all([usable(a), usable(b)]);
      }
    });

    it('strict writes are refused, plain writes run on the in-process lock, counters fall back, and all recovers', async () => {
      await redis.stop();
      await eventually(() => a.status().degraded, 'the stores to see Redis gone', { withinMs: 3000 });
      expect(a.status()).toMatchObject({ mode: 'redis', degraded: true });

      let ran = false;
      const strict = a.writeLock.run('k4', { strict: true }, () => {
        ran = true;
        return Promise.resolve();
      });
      await expect(strict).rejects.toBeInstanceOf(CoordinationError);
      await expect(strict).rejects.toMatchObject({ kind: 'unavailable' });
      expect(ran).toBe(false);
      expect(await a.writeLock.run('k4', { strict: false }, () => Promise.resolve('plain ran'))).toBe('plain ran');

      await expect(a.idempotency.begin('id-3', 'fp')).rejects.toMatchObject({ kind: 'unavailable' });
      await expect(a.revocations.isRevoked('sid-1')).rejects.toMatchObject({ kind: 'unavailable' });

      // Per-replica counting: the first request passes, the next one of the same principal does not.
      expect(await a.rateLimit!.take('system:carol')).toEqual({ allowed: true });
      expect((await a.rateLimit!.take('system:carol')).allowed).toBe(false);
      // The brute-force guard keeps counting locally: it never fails open.
      for (let i = 0; i < 3; i++) await (await admitted(a, 'mallory', '10.1.1.1')).failed();
      const locked = await a.loginFailures.admit('mallory', '10.1.1.2');
      expect(locked).toMatchObject({ admitted: false });
      expect(!locked.admitted && locked.retryAfterSeconds).toBeGreaterThan(0);

      await redis.start();
      await Promise.all([usable(a), usable(b)]);
      expect(a.status()).toEqual({ mode: 'redis', degraded: false });
      expect(await a.writeLock.run('k4', { strict: true }, () => Promise.resolve('strict ran'))).toBe('strict ran');
    });
  });

  it('a lease whose renewal failed refuses the next document once it could outlive the lock', async () => {
    let now = 1_000_000;
    const conn = new RedisConnection({ url: redis.url, timeoutMs: 200 });
    const lock = new SharedWriteLock(conn, { timeoutMs: OCI_TIMEOUT_MS, now: () => now });
    try {
      await eventually(() => !conn.degraded, 'connection', { withinMs: 3000 });
      await lock.run('k5', { strict: true }, async (lease) => {
        lease.check(); // fresh: covers a document
        // No renewal happened (the injected clock moved, the timer did not): the TTL is nearly over.
        now += lockTtlMs(OCI_TIMEOUT_MS) - OCI_TIMEOUT_MS;
        expect(() => lease.check()).toThrow(CoordinationError);
        return Promise.resolve();
      });
    } finally {
      await conn.close();
    }
  });
});

describeWithRedis('Redis with a password', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis({ password: 'redis-pass-0123' });
  });
  afterAll(async () => redis?.stop());

  it('connects with the password from the URL or from REDIS_PASSWORD, and never logs it', async () => {
    const lines: string[] = [];
    const logger = {
      info: (obj: object, msg?: string) => lines.push(JSON.stringify({ obj, msg })),
      warn: (obj: object, msg?: string) => lines.push(JSON.stringify({ obj, msg })),
    };
    const withUrl = new RedisConnection({
      url: `redis://:redis-pass-0123@127.0.0.1:${redis.port}`,
      timeoutMs: 200,
      logger,
    });
    const withOption = new RedisConnection({ url: redis.url, password: 'redis-pass-0123', timeoutMs: 200, logger });
    const wrong = new RedisConnection({ url: redis.url, password: 'not-the-redis-pass', timeoutMs: 200, logger });
    try {
      for (const c of [withUrl, withOption]) {
        await eventually(() => !c.degraded, 'authenticated connection', { withinMs: 3000 });
        expect(await c.call('ping', (r) => r.ping())).toBe('PONG');
      }
      await expect(wrong.call('ping', (r) => r.ping())).rejects.toBeInstanceOf(CoordinationError);
      expect(wrong.degraded).toBe(true);
      expect(lines.join('\n')).toContain(`redis://127.0.0.1:${redis.port}`);
      expect(lines.join('\n')).not.toMatch(/redis-pass-0123|not-the-redis-pass/);
    } finally {
      await Promise.all([withUrl.close(), withOption.close(), wrong.close()]);
    }
  });
});
