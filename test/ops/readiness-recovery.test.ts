import { LOGIN_COMMANDS } from '../../src/simulator/login';
import { eventually } from '../helpers/eventually';
import { startGateway, type Gateway } from '../helpers/gateway';
import { json, type Problem } from '../helpers/http';
import { startRedisCoordination, whileRedisDown, type RedisCoordination } from '../helpers/redis-coordination';
import { describeWithRedis } from '../helpers/redis-server';

/**
 * /readyz heals without API traffic: the recovery probe (OCI_RECOVERY_PROBE_MS, set low here)
 * logs in again after BroadWorks dropped the sessions or came back from an outage, and backs
 * off to once a minute when the credentials are refused. Only /readyz is asked; the
 * simulator's log shows that no API command was sent.
 */

// What the gateway sends by itself: logins, keep-alives, logouts.
const OWN_COMMANDS = new Set([...LOGIN_COMMANDS, 'VerifySessionIsValidRequest', 'LogoutRequest']);
const loginsAt = (gw: Gateway) => gw.sim.requestLog().filter((e) => e.commandTypes.includes('LoginRequest14sp4'));
const apiCommands = (gw: Gateway) =>
  gw.sim
    .requestLog()
    .flatMap((e) => e.commandTypes)
    .filter((t) => !OWN_COMMANDS.has(t));

async function readyz(gw: Gateway): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${gw.url}/readyz`);
  return { status: res.status, body: await json<Record<string, unknown>>(res) };
}
const sharedState = (body: Record<string, unknown>) => {
  const c = body.coordination as { mode: string; degraded: boolean } | undefined;
  return c && `${c.mode}:${c.degraded}`;
};
const isReady = async (gw: Gateway) => (await readyz(gw)).status === 200;

describe('readiness recovers by itself', () => {
  let gw: Gateway;
  beforeAll(async () => {
    // A short readiness window, so that dropped sessions are noticed at the next /readyz.
    gw = await startGateway({ env: { OCI_RECOVERY_PROBE_MS: '50', LOG_LEVEL: 'info' }, readyWindowMs: 100 });
    await eventually(() => isReady(gw), 'the gateway to be ready');
  });
  afterAll(() => gw.close());
  beforeEach(async () => {
    await gw.sim.setFaults({ down: false });
    gw.sim.clearRequestLog();
  });

  it('When BroadWorks dropped every session, then /readyz is 200 again with no API request', async () => {
    gw.sim.forceLogout();
    expect(gw.sim.stats().sessions).toBe(0);
    await eventually(
      async () => (await isReady(gw)) && loginsAt(gw).length > 0 && gw.sim.stats().sessions > 0,
      'a new login and /readyz 200',
      { withinMs: 10_000, everyMs: 20 },
    );
    expect(apiCommands(gw)).toEqual([]);
  });

  it('When BroadWorks was down and comes back, then /readyz is 200 again with no API request', async () => {
    await gw.sim.setFaults({ down: true });
    await eventually(async () => (await readyz(gw)).status === 503, '/readyz 503 while down', { everyMs: 20 });
    // Restarted: it forgot every session too.
    gw.sim.forceLogout();
    await gw.sim.setFaults({ down: false });
    await eventually(() => isReady(gw), '/readyz 200 after the outage', { withinMs: 15_000, everyMs: 20 });
    expect(gw.sim.stats().sessions).toBeGreaterThan(0);
    expect(apiCommands(gw)).toEqual([]);
  });

  it('When BroadWorks is down and nobody asks /readyz, then the probe logs in once it is back', async () => {
    await gw.sim.setFaults({ down: true });
    gw.sim.forceLogout();
    // Only the pool's own keep-alive or the probe can notice; the sessions die with the outage.
    await eventually(() => !gw.oci.readiness().ready, 'the client to see the outage', { withinMs: 5000 });
    await gw.sim.setFaults({ down: false });
    await eventually(() => gw.sim.stats().sessions > 0 || loginsAt(gw).length > 0, 'a login with no request at all', {
      withinMs: 15_000,
      everyMs: 20,
    });
    await eventually(() => isReady(gw), '/readyz 200', { withinMs: 10_000, everyMs: 20 });
    expect(apiCommands(gw)).toEqual([]);
  });
});

describe('readiness while BroadWorks refuses the login', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { OCI_RECOVERY_PROBE_MS: '50', OCI_PASSWORD: 'not-the-password' }, metrics: true });
  });
  afterAll(() => gw.close());

  it('Then /readyz says "login refused", and the probe backs off to one attempt a minute, each logged and counted', async () => {
    // The start-up login, then the probe's first attempt; then a minute's wait.
    await eventually(() => loginsAt(gw).length >= 2, 'the probe to try once', { withinMs: 5000, everyMs: 10 });
    for (let i = 0; i < 20; i++) {
      const { status, body } = await readyz(gw);
      expect(status).toBe(503);
      expect((body as unknown as Problem).detail).toMatch(/^login refused: .*Invalid password/);
    }
    // Twenty probe intervals later (at 50 ms each, at the least one second), still two attempts:
    // the backoff is a minute and this test is far shorter.
    expect(loginsAt(gw)).toHaveLength(2);
    const refusals = gw.logs.filter((l) => l.level === 'error' && l.msg === 'OCI login refused');
    expect(refusals).toHaveLength(2);
    expect(gw.logText()).not.toContain('not-the-password');
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toContain(`oci_logins_total{backend="${gw.sim.url}",result="refused"} 2`);
  });
});

describeWithRedis('readiness while Redis is down', () => {
  let gw: Gateway;
  let shared: RedisCoordination;
  beforeAll(async () => {
    shared = await startRedisCoordination({ ociTimeoutMs: 1000 });
    gw = await startGateway({ env: { OCI_RECOVERY_PROBE_MS: '50' }, coordination: shared.coordination });
    await eventually(() => isReady(gw), 'ready');
  });
  afterAll(async () => {
    await gw.close();
    await shared.close();
  });

  it('Then /readyz stays 200 with coordination.degraded true, and false again once Redis is back', async () => {
    await eventually(async () => sharedState((await readyz(gw)).body) === 'redis:false', 'Redis connected');
    await whileRedisDown(shared.redis, () =>
      eventually(async () => {
        const { status, body } = await readyz(gw);
        return status === 200 && sharedState(body) === 'redis:true';
      }, 'degraded, still ready'),
    );
    await eventually(
      async () => {
        const { status, body } = await readyz(gw);
        return status === 200 && sharedState(body) === 'redis:false';
      },
      'back on Redis',
      { withinMs: 10_000 },
    );
  });
});
