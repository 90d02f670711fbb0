import type { Simulator } from '../../src/simulator';
import { eventually } from '../helpers/eventually';
import { call, startGateway, type Gateway } from '../helpers/gateway';
import type { Problem } from '../helpers/http';
import { startRedisReplicas, type RedisReplicas } from '../helpers/redis-replicas';
import { describeWithRedis } from '../helpers/redis-server';

/**
 * The failed-login limits (5 per account, 20 per client address, per 15 minutes) under parallel
 * bursts: each attempt takes its unit of both budgets before BroadWorks is asked, so parallel
 * guesses cannot all pass the check. The simulator answers each document after 1 s, so every
 * burst is in flight at once.
 */

// A burst waits for BroadWorks' 1 s answers, a few at a time over the pool's connections.
jest.setTimeout(60_000);
const SECRET = { AUTH_JWT_SECRET: 'test-secret-for-the-login-burst-suite-0123456789' };
// Two documents per login (AuthenticationRequest, LoginRequest14sp4) at 1 s each, plus queueing.
const ENV = { ...SECRET, OCI_TIMEOUT_MS: '20000', OCI_SESSIONS: '20' };
// Set once the gateways are up and lifted before they close: their own pool logins stay quick.
const LATENCY = { latencyMs: 1000 };
const NO_LATENCY = { latencyMs: 0 };

/** Password checks BroadWorks received for user ids matching `userId` (one LoginRequest14sp4 per login). */
function loginsSeen(sim: Simulator, userId: RegExp | string): number {
  const match = typeof userId === 'string' ? (id: string) => id === userId : (id: string) => userId.test(id);
  return sim
    .requestLog()
    .filter((e) => e.commandTypes.includes('LoginRequest14sp4'))
    .filter((e) => match(/<userId>([^<]*)<\/userId>/.exec(e.xml)?.[1] ?? '')).length;
}

function login(gw: Gateway, userId: string, password: string, localAddress: string) {
  return call<Problem>(gw, 'POST', '/api/v1/login/', { body: { userId, password }, token: null, localAddress });
}

/** 59 wrong guesses on one account at once (each from its own address), split over the gateways. */
async function guessBurst(gateways: Gateway[], sim: Simulator, account: string, rightPassword: string) {
  const guesses = Array.from({ length: 59 }, (_, i) =>
    login(gateways[i % gateways.length], account, `wrong-${i}`, `127.0.4.${i + 1}`),
  );
  await eventually(() => loginsSeen(sim, account) >= 5, 'five logins to reach BroadWorks', { withinMs: 15_000 });
  const right = await login(gateways[0], account, rightPassword, '127.0.4.200');
  const answers = await Promise.all(guesses);
  return { right, answers };
}

describe('the failed-login guard under a parallel burst (in-process)', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ env: ENV });
    await gw.sim.setFaults(LATENCY);
  });
  afterAll(async () => {
    await gw.sim.setFaults(NO_LATENCY);
    await gw.close();
  });
  beforeEach(() => gw.sim.clearRequestLog());

  test('when 59 wrong guesses on one account arrive at once, then 5 reach BroadWorks and the right password after them is locked out', async () => {
    const { right, answers } = await guessBurst([gw], gw.sim, 'acme-admin', 'acme-password');
    expect(right.status).toBe(429);
    expect(right.json.type).toBe('https://oci-gateway.dev/problems/login-locked');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(loginsSeen(gw.sim, 'acme-admin')).toBe(5);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(54);
  });

  test('when 60 guesses on 60 accounts come from one address, then at most 20 reach BroadWorks', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => login(gw, `nobody${i}@spray.example.com`, 'wrong', '127.0.5.1')),
    );
    const seen = loginsSeen(gw.sim, /@spray\.example\.com$/);
    expect(seen).toBeLessThanOrEqual(20);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(seen);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(60 - seen);
    // Another address is not affected.
    expect((await login(gw, 'hq-admin', 'hq-password', '127.0.5.2')).status).toBe(200);
  });
});

describe('the failed-login guard while BroadWorks is down', () => {
  test('when BroadWorks cannot be reached, then 30 logins answer 503, none is counted, and a login after recovery succeeds', async () => {
    const gw = await startGateway({
      env: { ...SECRET, OCI_TIMEOUT_MS: '2000', OCI_BREAKER_RESET_MS: '200' },
      simulator: { faults: { down: true } },
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => login(gw, 'acme-admin', 'acme-password', '127.0.6.1')),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(30).fill(503));
      await gw.sim.setFaults({ down: false });
      await eventually(
        async () => (await login(gw, 'acme-admin', 'acme-password', '127.0.6.1')).status === 200,
        'a login to succeed once BroadWorks is back (the breaker may hold it a moment)',
        { withinMs: 15_000, everyMs: 200 },
      );
    } finally {
      await gw.close();
    }
  });
});

describeWithRedis('the failed-login guard under a parallel burst over two gateways sharing Redis', () => {
  let replicas: RedisReplicas | undefined;
  let gateways: Gateway[] = [];
  beforeAll(async () => {
    // Both gateways talk to the first one's simulator: one BroadWorks, two replicas.
    replicas = await startRedisReplicas({ count: 2, ociTimeoutMs: 20_000, gateway: { env: ENV } });
    gateways = replicas.gateways;
    await gateways[0].sim.setFaults(LATENCY);
  });
  afterAll(async () => {
    await gateways[0]?.sim.setFaults(NO_LATENCY);
    await replicas?.close();
  });

  test('when 59 wrong guesses on one account are split over two replicas, then 5 reach BroadWorks and the right password is locked out', async () => {
    const sim = gateways[0].sim;
    sim.clearRequestLog();
    const { right, answers } = await guessBurst(gateways, sim, 'acme-admin', 'acme-password');
    expect(right.status).toBe(429);
    expect(right.json.type).toBe('https://oci-gateway.dev/problems/login-locked');
    expect(loginsSeen(sim, 'acme-admin')).toBe(5);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(54);
  });
});
