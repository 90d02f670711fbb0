import { createOciClient } from '../../src/oci/client';
import { OciError } from '../../src/oci/errors';
import { eventually } from '../helpers/eventually';
import { failure, READ, sent, simulatorPerTest, testOptions } from './helpers/client-options';
import { startProxy } from './helpers/proxy';

describe('session pool against the simulator', () => {
  const t = simulatorPerTest();

  test('a session the server forgot is logged in again and the document resent once', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1 }));
    await t.client.start();
    // Every session is forgotten right after its first document.
    await t.sim.setFaults({ expireSessionsEvery: 1 });
    for (let i = 0; i < 4; i++) expect((await t.client.execute([READ]))[0].kind).toBe('success');
    expect(sent(t.sim, 'VerifySessionIsValidRequest')).toBe(1 + 3 * 2);
    expect(t.sim.stats().logins).toBe(4);
  });

  test('after forceLogout the next document succeeds through one new login', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1 }));
    await t.client.execute([READ]);
    t.sim.forceLogout();
    expect((await t.client.execute([READ]))[0].kind).toBe('success');
    expect(t.client.stats().logins).toBe(2);
    expect(sent(t.sim, 'VerifySessionIsValidRequest')).toBe(3);
  });

  test('when every session expired at once, the one resend goes out on a session that has just logged in', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 3 }));
    // Three sessions in the pool, all idle and logged in.
    await Promise.all([1, 2, 3].map(() => t.client!.execute([READ])));
    expect(t.client.stats().backends[0].sessions).toBe(3);
    const loginsBefore = t.client.stats().logins;
    t.sim.forceLogout();
    expect((await t.client.execute([READ]))[0].kind).toBe('success');
    // One new login, not a second stale session tried in between.
    expect(t.client.stats().logins).toBe(loginsBefore + 1);
  });

  test('a session lost again right after the new login is not resent a second time', async () => {
    const proxy = await startProxy(t.sim.origin, (body) =>
      body.includes('VerifySessionIsValidRequest') ? 'strip-cookie' : undefined,
    );
    try {
      t.client = createOciClient(
        testOptions([`${proxy.origin}/webservice/services/ProvisioningService`], { sessions: 1 }),
      );
      await t.client.start();
      const e = await failure(t.client.execute([READ]));
      expect([e.kind, e.sent]).toEqual(['unavailable', false]);
      expect(e.message).toMatch(/session or link lost again/);
      expect(sent(t.sim, 'VerifySessionIsValidRequest')).toBe(2);
      expect(t.client.stats().logins).toBe(2);
    } finally {
      await t.client?.close();
      t.client = undefined;
      await proxy.close();
    }
  });

  test('a full wait queue answers busy with a retry hint', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1, queueMax: 2 }));
    await t.client.start();
    await t.sim.setFaults({ latencyMs: 150 });
    const all = [1, 2, 3, 4].map(() =>
      t.client!.execute([READ]).then(
        () => 'ok',
        (e: OciError) => e.kind,
      ),
    );
    const kinds = await Promise.all(all);
    expect(kinds.sort()).toEqual(['busy', 'ok', 'ok', 'ok']);
    const busy = await failure(Promise.all([1, 2, 3, 4].map(() => t.client!.execute([READ]))));
    expect(busy.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  test('time spent waiting counts against the deadline: a queued read times out unsent', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1, timeoutMs: 250 }));
    await t.client.start();
    await t.sim.setFaults({ latencyMs: 400 });
    const [first, queued] = await Promise.all([failure(t.client.execute([READ])), failure(t.client.execute([READ]))]);
    expect([first.kind, first.sent, first.timedOut]).toEqual(['timeout', true, true]);
    expect([queued.kind, queued.sent, queued.timedOut]).toEqual(['timeout', false, true]);
    // The session whose document timed out is retired (that document may still run).
    expect(t.client.stats().backends[0].sessions).toBe(0);
  });

  test('idle sessions are kept alive with VerifySessionIsValidRequest and retired at their maximum age', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1, keepAliveMs: 40, sessionMaxAgeMs: 1500 }));
    await t.client.start();
    const types = () => t.sim.requestLog().map((e) => e.commandTypes[0]);
    // Polled, not slept: on a busy machine the timers run late, never out of order.
    await eventually(() => sent(t.sim, 'LogoutRequest') === 1, 'the old session to be logged out', {
      withinMs: 15_000,
    });
    // Probed while idle (more than once), then logged out past its age, and nothing since.
    const log = types();
    expect(log.slice(0, 2)).toEqual(['AuthenticationRequest', 'LoginRequest14sp4']);
    expect(log.at(-1)).toBe('LogoutRequest');
    expect(log.slice(2, -1).every((t) => t === 'VerifySessionIsValidRequest')).toBe(true);
    expect(sent(t.sim, 'VerifySessionIsValidRequest')).toBeGreaterThanOrEqual(2);
    expect(t.client.stats().backends[0].sessions).toBe(0);
    // The next request logs a new session in.
    expect((await t.client.execute([READ]))[0].kind).toBe('success');
    expect(t.client.stats().logins).toBe(2);
  });

  test('readiness needs a logged-in session and a recent exchange, and probes when asked', async () => {
    let clock = Date.now();
    t.client = createOciClient(
      testOptions([t.sim.url], { sessions: 1, readyWindowMs: 100, readinessNow: () => clock }),
    );
    expect(t.client.readiness().ready).toBe(false);
    await t.client.start();
    expect(t.client.readiness()).toEqual({ ready: true });
    const before = sent(t.sim, 'VerifySessionIsValidRequest');
    expect((await t.client.checkReadiness()).ready).toBe(true);
    expect(sent(t.sim, 'VerifySessionIsValidRequest')).toBe(before); // fresh: no probe
    clock += 150; // past the readiness window
    expect(t.client.readiness()).toEqual({ ready: false, reason: 'no recent exchange; probing' });
    await eventually(() => t.client!.readiness().ready, 'the probe to make the client ready');
    expect(sent(t.sim, 'VerifySessionIsValidRequest')).toBe(before + 1);
    clock += 150;
    expect(await t.client.checkReadiness()).toEqual({ ready: true });
    expect(sent(t.sim, 'VerifySessionIsValidRequest')).toBe(before + 2);
  });

  test('logins per 1,000 requests with 4 sessions and 16 callers', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 4, queueMax: 1000 }));
    await t.client.start();
    let next = 0;
    const worker = async () => {
      while (next < 1000) {
        next++;
        expect((await t.client!.execute([READ], { requestId: `r${next}` }))[0].kind).toBe('success');
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const logins = t.client.stats().logins;
    process.stdout.write(`\nOCI pool: ${logins} logins for 1000 requests (4 sessions, 16 concurrent callers)\n`);
    expect(logins).toBeGreaterThan(1); // created lazily as callers waited
    expect(logins).toBeLessThanOrEqual(4);
    expect(t.sim.stats().sessions).toBeLessThanOrEqual(4);
  });
});
