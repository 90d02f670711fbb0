import { startSimulator, Simulator } from '../../src/simulator';
import { createOciClient, OciClient } from '../../src/oci/client';
import { OciError } from '../../src/oci/errors';
import { failure, READ, sent, testOptions, waitFor } from './helpers/client-options';
import { startProxy } from './helpers/proxy';


describe('session pool against the simulator', () => {
  let sim: Simulator;
  let client: OciClient | undefined;
  beforeEach(async () => {
    sim = await startSimulator({ quiet: true });
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await sim.close();
  });

  test('a session the server forgot is logged in again and the document resent once', async () => {
    client = createOciClient(testOptions([sim.url], { sessions: 1 }));
    await client.start();
    // Every session is forgotten right after its first document.
    await sim.setFaults({ expireSessionsEvery: 1 });
    for (let i = 0; i < 4; i++) expect((await client.execute([READ]))[0].kind).toBe('success');
    expect(sent(sim, 'VerifySessionIsValidRequest')).toBe(1 + 3 * 2);
    expect(sim.stats().logins).toBe(4);
  });

  test('after forceLogout the next document succeeds through one new login', async () => {
    client = createOciClient(testOptions([sim.url], { sessions: 1 }));
    await client.execute([READ]);
    sim.forceLogout();
    expect((await client.execute([READ]))[0].kind).toBe('success');
    expect(client.stats().logins).toBe(2);
    expect(sent(sim, 'VerifySessionIsValidRequest')).toBe(3);
  });

  test('when every session expired at once, the one resend goes out on a session that has just logged in', async () => {
    client = createOciClient(testOptions([sim.url], { sessions: 3 }));
    // Three sessions in the pool, all idle and logged in.
    await Promise.all([1, 2, 3].map(() => client!.execute([READ])));
    expect(client.stats().backends[0].sessions).toBe(3);
    const loginsBefore = client.stats().logins;
    sim.forceLogout();
    expect((await client.execute([READ]))[0].kind).toBe('success');
    // One new login, not a second stale session tried in between.
    expect(client.stats().logins).toBe(loginsBefore + 1);
  });

  test('a session lost again right after the new login is not resent a second time', async () => {
    const proxy = await startProxy(sim.origin, (body) => (body.includes('VerifySessionIsValidRequest') ? 'strip-cookie' : undefined));
    try {
      client = createOciClient(testOptions([`${proxy.origin}/webservice/services/ProvisioningService`], { sessions: 1 }));
      await client.start();
      const e = await failure(client.execute([READ]));
      expect([e.kind, e.sent]).toEqual(['unavailable', false]);
      expect(e.message).toMatch(/session lost again/);
      expect(sent(sim, 'VerifySessionIsValidRequest')).toBe(2);
      expect(client.stats().logins).toBe(2);
    } finally {
      await client?.close();
      client = undefined;
      await proxy.close();
    }
  });

  test('a full wait queue answers busy with a retry hint', async () => {
    client = createOciClient(testOptions([sim.url], { sessions: 1, queueMax: 2 }));
    await client.start();
    await sim.setFaults({ latencyMs: 150 });
    const all = [1, 2, 3, 4].map(() => client!.execute([READ]).then(() => 'ok', (e: OciError) => e.kind));
    const kinds = await Promise.all(all);
    expect(kinds.sort()).toEqual(['busy', 'ok', 'ok', 'ok']);
    const busy = await failure(Promise.all([1, 2, 3, 4].map(() => client!.execute([READ]))));
    expect(busy.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  test('time spent waiting counts against the deadline: a queued read times out unsent', async () => {
    client = createOciClient(testOptions([sim.url], { sessions: 1, timeoutMs: 250 }));
    await client.start();
    await sim.setFaults({ latencyMs: 400 });
    const [first, queued] = await Promise.all([failure(client.execute([READ])), failure(client.execute([READ]))]);
    expect([first.kind, first.sent, first.timedOut]).toEqual(['timeout', true, true]);
    expect([queued.kind, queued.sent, queued.timedOut]).toEqual(['timeout', false, true]);
    // The session whose document timed out is retired (that document may still run).
    expect(client.stats().backends[0].sessions).toBe(0);
  });

  test('idle sessions are kept alive with VerifySessionIsValidRequest and retired at their maximum age', async () => {
    client = createOciClient(testOptions([sim.url], { sessions: 1, keepAliveMs: 40, sessionMaxAgeMs: 1500 }));
    await client.start();
    const types = () => sim.requestLog().map((e) => e.commandTypes[0]);
    // Polled, not slept: on a busy machine the timers run late, never out of order.
    await waitFor(() => sent(sim, 'LogoutRequest') === 1, 15_000);
    // Probed while idle (more than once), then logged out past its age, and nothing since.
    const log = types();
    expect(log.slice(0, 2)).toEqual(['AuthenticationRequest', 'LoginRequest14sp4']);
    expect(log.at(-1)).toBe('LogoutRequest');
    expect(log.slice(2, -1).every((t) => t === 'VerifySessionIsValidRequest')).toBe(true);
    expect(sent(sim, 'VerifySessionIsValidRequest')).toBeGreaterThanOrEqual(2);
    expect(client.stats().backends[0].sessions).toBe(0);
    // The next request logs a new session in.
    expect((await client.execute([READ]))[0].kind).toBe('success');
    expect(client.stats().logins).toBe(2);
  });

  test('readiness needs a logged-in session and a recent exchange, and probes when asked', async () => {
    client = createOciClient(testOptions([sim.url], { sessions: 1, readyWindowMs: 100 }));
    expect(client.readiness().ready).toBe(false);
    await client.start();
    expect(client.readiness()).toEqual({ ready: true });
    const before = sent(sim, 'VerifySessionIsValidRequest');
    expect((await client.checkReadiness()).ready).toBe(true);
    expect(sent(sim, 'VerifySessionIsValidRequest')).toBe(before); // fresh: no probe
    await new Promise((r) => setTimeout(r, 150));
    expect(client.readiness()).toEqual({ ready: false, reason: 'no recent exchange; probing' });
    await waitFor(() => client!.readiness().ready);
    expect(sent(sim, 'VerifySessionIsValidRequest')).toBe(before + 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(await client.checkReadiness()).toEqual({ ready: true });
    expect(sent(sim, 'VerifySessionIsValidRequest')).toBe(before + 2);
  });

  test('logins per 1,000 requests with 4 sessions and 16 callers', async () => {
    client = createOciClient(testOptions([sim.url], { sessions: 4, queueMax: 1000 }));
    await client.start();
    let next = 0;
    const worker = async () => {
      while (next < 1000) {
        next++;
        expect((await client!.execute([READ], { requestId: `r${next}` }))[0].kind).toBe('success');
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const logins = client.stats().logins;
    process.stdout.write(`\nOCI pool: ${logins} logins for 1000 requests (4 sessions, 16 concurrent callers)\n`);
    expect(logins).toBeGreaterThan(1); // created lazily as callers waited
    expect(logins).toBeLessThanOrEqual(4);
    expect(sim.stats().sessions).toBeLessThanOrEqual(4);
  });
});
