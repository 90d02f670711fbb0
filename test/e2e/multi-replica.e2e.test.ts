import { startSimulator, type Simulator } from '../../src/simulator';
import { describeWithRedis, startRedis, type RedisServer } from '../helpers/redis-server';
import { eventually } from '../helpers/eventually';
import { call, startReplicas, token, type Replica } from './helpers/replicas';

/**
 * Three gateway processes (the real main.ts) on one simulator and one Redis, over real HTTP:
 * the README's If-Match and Idempotency-Key guarantees hold for the fleet, the rate limit is
 * counted by the fleet, and a Redis outage is an honest 503 for what needs it, nothing else.
 */

const EXEC = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1%40acme.example.com/services/executive/';
const PROBLEM = 'https://oci-gateway.dev/problems/';
const MODIFY = 'UserExecutiveModifyScreeningAlertingRequest';
const ADD = 'UserExecutiveAddFilteringSelectiveCriteriaRequest';
const WRITE = /(Modify|Add|Delete)/;

async function coordinationOf(r: Replica): Promise<{ mode: string; degraded: boolean }> {
  const res = await fetch(`${r.url}/readyz`);
  const body = (await res.json()) as { coordination: { mode: string; degraded: boolean } };
  return body.coordination;
}

describeWithRedis('three replicas, one simulator, one Redis', () => {
  let sim: Simulator;
  let redis: RedisServer;
  let replicas: Replica[];
  const sent = (type: string | RegExp) =>
    sim
      .requestLog()
      .flatMap((e) => e.commandTypes)
      .filter((t) => (typeof type === 'string' ? t === type : type.test(t))).length;

  beforeAll(async () => {
    sim = await startSimulator({ quiet: true });
    redis = await startRedis();
    replicas = await startReplicas(3, { OCI_URL: sim.url, REDIS_URL: redis.url, OCI_TIMEOUT_MS: '5000' });
    for (const r of replicas) await eventually(async () => !(await coordinationOf(r)).degraded, `${r.name} on Redis`);
  }, 60_000);
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.stop()));
    await redis?.stop();
    await sim?.close();
  });
  beforeEach(async () => {
    await sim.setFaults({ latencyMs: 0 });
    sim.reset();
    sim.clearRequestLog();
  });

  it('readyz reports the shared coordination on every replica', async () => {
    for (const r of replicas) expect(await coordinationOf(r)).toEqual({ mode: 'redis', degraded: false });
  });

  it('concurrent If-Match PUTs through different replicas: exactly one 200, the rest 412, one write at BroadWorks', async () => {
    const current = await call(replicas[0], 'GET', EXEC + 'alerting/');
    const etag = current.headers.etag;
    // Several OCI sessions per replica logged in, so that the reads could really overlap.
    await Promise.all(replicas.flatMap((r) => [1, 2].map(() => call(r, 'GET', EXEC + 'screening/'))));
    await sim.setFaults({ latencyMs: 40 });
    sim.clearRequestLog();
    const now = Number(current.json.nextAssistantAfter);
    const values = [1, 2, 3, 4, 5, 6].map((d) => ((now + d - 1) % 20) + 1); // all differ from now
    const answers = await Promise.all(
      values.map((v, i) =>
        call(replicas[i % 3], 'PUT', EXEC + 'alerting/', {
          body: { nextAssistantAfter: v },
          headers: { 'if-match': etag },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412]);
    expect(sent(MODIFY)).toBe(1);
    const winner = values[answers.findIndex((a) => a.status === 200)];
    expect((await call(replicas[2], 'GET', EXEC + 'alerting/')).json.nextAssistantAfter).toBe(winner);
  });

  it('an Idempotency-Key POST retried through another replica is replayed: no second Add', async () => {
    const headers = { 'idempotency-key': `e2e-replay-${Date.now()}` };
    const body = { name: 'Replayed once', filter: true };
    const auth = await token({ sub: 'portal-1' });
    const first = await call(replicas[0], 'POST', EXEC + 'criteria/', { body, headers, token: auth });
    expect(first.status).toBe(200);
    for (const r of replicas.slice(1)) {
      const again = await call(r, 'POST', EXEC + 'criteria/', { body, headers, token: auth });
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json).toEqual(first.json);
    }
    const other = await call(replicas[1], 'POST', EXEC + 'criteria/', {
      body: { ...body, filter: false },
      headers,
      token: auth,
    });
    expect(other.status).toBe(422);
    expect(other.json.type).toBe(PROBLEM + 'idempotency-key-reused');
    expect(sent(ADD)).toBe(1);
  });

  it('concurrent same-key POSTs on two replicas: one runs, the other gets 409', async () => {
    const headers = { 'idempotency-key': `e2e-concurrent-${Date.now()}` };
    const body = { name: 'Only once', filter: true };
    const auth = await token({ sub: 'portal-2' });
    // Slow enough that the first attempt is still running when the second arrives.
    await sim.setFaults({ latencyMs: 300 });
    const [a, b] = await Promise.all([
      call(replicas[0], 'POST', EXEC + 'criteria/', { body, headers, token: auth }),
      call(replicas[1], 'POST', EXEC + 'criteria/', { body, headers, token: auth }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const busy = a.status === 409 ? a : b;
    expect(busy.json.type).toBe(PROBLEM + 'idempotency-key-in-flight');
    expect(busy.headers['retry-after']).toBe('1');
    expect(sent(ADD)).toBe(1);
  });

  describe('Redis stopped mid-run', () => {
    afterAll(async () => {
      // Leave Redis running for whatever follows, even when a test failed half-way.
      if ((await coordinationOf(replicas[0])).degraded) await redis.start();
    });

    it('If-Match and Idempotency-Key writes answer 503 coordination-unavailable with nothing sent; plain reads and writes work; all recover', async () => {
      // Warm the membership caches, so that what follows is only the request itself.
      for (const r of replicas) expect((await call(r, 'GET', EXEC + 'screening/')).status).toBe(200);
      const etag = (await call(replicas[0], 'GET', EXEC + 'screening/')).headers.etag;
      await redis.stop();
      for (const r of replicas) await eventually(async () => (await coordinationOf(r)).degraded, `${r.name} degraded`);
      sim.clearRequestLog();

      for (const r of replicas) {
        const conditional = await call(r, 'PUT', EXEC + 'screening/', {
          body: { enabled: true },
          headers: { 'if-match': etag },
        });
        expect(conditional.status).toBe(503);
        expect(conditional.json.type).toBe(PROBLEM + 'coordination-unavailable');
        expect(Number(conditional.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        const keyed = await call(r, 'POST', EXEC + 'criteria/', {
          body: { name: `Keyed ${r.name}` },
          headers: { 'idempotency-key': `down-${r.name}` },
        });
        expect(keyed.status).toBe(503);
        expect(keyed.json.type).toBe(PROBLEM + 'coordination-unavailable');
      }
      expect(sim.requestLog()).toEqual([]); // nothing at all reached BroadWorks

      for (const r of replicas) {
        expect((await call(r, 'GET', EXEC + 'alerting/')).status).toBe(200);
        expect((await call(r, 'PUT', EXEC + 'screening/', { body: { enabled: false } })).status).toBe(200);
        const ready = await fetch(`${r.url}/readyz`);
        expect(ready.status).toBe(200);
        expect(((await ready.json()) as { coordination: unknown }).coordination).toMatchObject({
          mode: 'redis',
          degraded: true,
        });
        expect(await (await fetch(`${r.url}/metrics`)).text()).toMatch(/^coordination_degraded 1$/m);
      }
      expect(sent(WRITE)).toBe(3);

      await redis.start();
      for (const r of replicas)
        await eventually(async () => !(await coordinationOf(r)).degraded, `${r.name} recovered`);
      const fresh = (await call(replicas[1], 'GET', EXEC + 'screening/')).headers.etag;
      const again = await call(replicas[2], 'PUT', EXEC + 'screening/', {
        body: { enabled: true },
        headers: { 'if-match': fresh },
      });
      expect(again.status).toBe(200);
      for (const r of replicas) {
        expect(await (await fetch(`${r.url}/metrics`)).text()).toMatch(/^coordination_degraded 0$/m);
        // Said once per transition: up at start, down, up again (ioredis retried many times meanwhile).
        const lines = r.output();
        expect(lines.match(/Redis coordination unavailable/g)).toHaveLength(1);
        expect(lines.match(/Redis coordination available/g)).toHaveLength(2);
      }
    });
  });
});

describeWithRedis('the rate limit across two replicas', () => {
  let sim: Simulator;
  let redis: RedisServer;
  let replicas: Replica[];
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true });
    redis = await startRedis();
    // 0.05 requests/s: a burst of one per 20 s window, so the count decides, not the clock.
    replicas = await startReplicas(2, { OCI_URL: sim.url, REDIS_URL: redis.url, RATE_LIMIT_RPS: '0.05' });
    for (const r of replicas)
      await eventually(async () => !(await coordinationOf(r)).degraded, `${r.name} on Redis`, { withinMs: 5000 });
  }, 60_000);
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.stop()));
    await redis?.stop();
    await sim?.close();
  });

  it('the burst spent on one replica, the next request of that caller on the other is 429; another caller is fine', async () => {
    const alice = await token({ sub: 'alice' });
    expect((await call(replicas[0], 'GET', EXEC + 'alerting/', { token: alice })).status).toBe(200);
    const refused = await call(replicas[1], 'GET', EXEC + 'alerting/', { token: alice });
    expect(refused.status).toBe(429);
    expect(refused.json.type).toBe(PROBLEM + 'rate-limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await call(replicas[1], 'GET', EXEC + 'alerting/', { token: await token({ sub: 'bob' }) })).status).toBe(
      200,
    );
  });
});
