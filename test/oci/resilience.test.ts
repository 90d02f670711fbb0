import { startSimulator } from '../../src/simulator';
import { createOciClient } from '../../src/oci/client';
import { OciError } from '../../src/oci/errors';
import { OciBreakerState, silentLogger } from '../../src/oci/observer';
import { eventually } from '../helpers/eventually';
import { failure, READ, sent, simulatorPerTest, testOptions, WRITE } from './helpers/client-options';
import { startBlackhole } from './helpers/blackhole';
import { startProxy } from './helpers/proxy';
import { containing, matching } from '../helpers/matchers';

describe('OCI client resilience', () => {
  const t = simulatorPerTest();

  test('wrong credentials: a clear unavailable error and a login back-off, never a tight loop', async () => {
    const backoff = { initial: 50, max: 200 };
    // No start(): its background retry would race the requests' own logins.
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1, password: 'wrong', loginBackoffMs: backoff }));
    const errors: OciError[] = [];
    const attempts = () => t.sim.requestLog().filter((e) => e.commandTypes.includes('LoginRequest14sp4'));
    await eventually(
      async () => {
        errors.push(await failure(t.client!.execute([READ])));
        return attempts().length >= 5;
      },
      'five login attempts',
      { withinMs: 20_000, everyMs: 10 },
    );
    expect(errors.every((e) => e.kind === 'unavailable' && /Invalid password/.test(e.message))).toBe(true);
    // Each retry waits at least the back-off after the previous failure: 50, 100, 200 (max), 200 ms.
    // Gaps are only bounded from below: anything else would be a wall-clock assertion.
    const at = attempts().map((e) => e.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(Math.min(backoff.max, backoff.initial * 2 ** i)));
    expect(t.client.readiness()).toEqual({ ready: false, reason: matching(/Invalid password/) });
  });

  test('circuit breaker: open on failures → immediate unavailable → half-open → closed', async () => {
    const states: OciBreakerState[] = [];
    t.client = createOciClient(
      testOptions([t.sim.url], {
        sessions: 1,
        breakerResetMs: 300,
        breaker: { minFailures: 3 },
        observer: { onBreakerState: (e) => states.push(e.state) },
      }),
    );
    await t.client.start();
    await t.sim.setFaults({ down: true });
    const kinds: string[] = [];
    for (let i = 0; i < 5; i++) kinds.push((await failure(t.client.execute([READ]))).message);
    expect(t.client.stats().backends[0].breaker).toBe('open');
    expect(kinds.at(-1)).toMatch(/circuit open/);
    const open = await failure(t.client.execute([READ]));
    expect([open.kind, open.sent, open.retryAfterSeconds]).toEqual(['unavailable', false, 1]);
    await t.sim.setFaults({ down: false });
    await eventually(() => t.client!.stats().backends[0].breaker === 'half-open', 'the breaker to turn half-open');
    expect((await t.client.execute([READ]))[0].kind).toBe('success');
    expect(t.client.stats().backends[0].breaker).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  test('a keep-alive answered by an ErrorResponse from a live session logs it out: no session is left behind', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1, keepAliveMs: 40 }));
    await t.client.start();
    expect(t.sim.stats().sessions).toBe(1);
    // The server still holds the session but refuses the keep-alive with an Error.
    await t.sim.setFaults({ warnCommand: 'VerifySessionIsValidRequest' });
    await eventually(() => sent(t.sim, 'LogoutRequest') === 1, 'the refused session to be logged out');
    await t.sim.setFaults({ warnCommand: '' });
    expect((await t.client.execute([READ]))[0].kind).toBe('success');
    // Only the client's one session is logged in at the server: the refused one was not abandoned.
    expect(t.sim.stats().sessions).toBe(1);
    expect(t.client.stats().backends[0].sessions).toBe(1);
  });

  test('OCI errors and "not logged in" faults do not open the breaker', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1, breaker: { minFailures: 1 } }));
    await t.client.start();
    await t.sim.setFaults({ errorRate: 1 });
    for (let i = 0; i < 5; i++) expect((await t.client.execute([READ]))[0].kind).toBe('error');
    await t.sim.setFaults({ errorRate: 0 });
    for (let i = 0; i < 3; i++) {
      t.sim.forceLogout();
      await t.client.execute([READ]);
    }
    expect(t.client.stats().backends[0].breaker).toBe('closed');
  });

  test('failover: the secondary takes over while the primary is down; the primary returns after the reset', async () => {
    const second = await startSimulator({ quiet: true });
    try {
      t.client = createOciClient(
        testOptions([t.sim.url, second.url], { breakerResetMs: 300, breaker: { minFailures: 3 } }),
      );
      await t.client.start();
      await t.sim.setFaults({ down: true });
      for (let i = 0; i < 6; i++) expect((await t.client.execute([READ]))[0].kind).toBe('success');
      // A write whose first attempt could not connect was never sent: it is safe on the secondary.
      expect(await t.client.execute([WRITE])).toHaveLength(1);
      expect(sent(second, 'VerifySessionIsValidRequest')).toBe(6);
      expect(sent(second, WRITE.type)).toBe(1);
      expect(t.client.stats().backends[0].breaker).toBe('open');
      await t.sim.setFaults({ down: false });
      t.sim.clearRequestLog();
      await eventually(() => t.client!.stats().backends[0].breaker === 'half-open', 'the breaker to turn half-open');
      expect((await t.client.execute([READ]))[0].kind).toBe('success');
      expect(sent(t.sim, 'VerifySessionIsValidRequest')).toBe(1);
      expect(t.client.stats().backends[0].breaker).toBe('closed');
    } finally {
      await t.client?.close();
      t.client = undefined;
      await second.close();
    }
  });

  test('a backend that drops connection attempts fails fast as unsent (connect timeout): a write goes to the secondary', async () => {
    const hole = await startBlackhole();
    const url = `${hole.origin}/webservice/services/ProvisioningService`;
    const warnings: { kind?: string; reason?: string }[] = [];
    const logger = { ...silentLogger, warn: (o: object) => void warnings.push(o) };
    try {
      // Connect timeout = min(2 s, half the deadline). Without one, undici waits 10 s, the
      // login ends as 'timeout' at the deadline and nothing fails over.
      t.client = createOciClient(testOptions([url, t.sim.url], { sessions: 1, timeoutMs: 4000, logger }));
      expect(await t.client.execute([WRITE])).toHaveLength(1);
      expect(sent(t.sim, WRITE.type)).toBe(1);
      expect(warnings).toContainEqual(containing({ kind: 'unavailable', reason: matching(/UND_ERR_CONNECT_TIMEOUT/) }));
    } finally {
      await t.client?.close();
      t.client = undefined;
      await hole.close();
    }
  });

  test('a read past the deadline is timeout; a write past it is outcome-unknown and never resent', async () => {
    const second = await startSimulator({ quiet: true });
    try {
      t.client = createOciClient(testOptions([t.sim.url, second.url], { timeoutMs: 300, sessions: 2 }));
      // Two logged-in sessions first: the read's session is retired when it times out.
      await t.sim.setFaults({ latencyMs: 30 });
      await Promise.all([t.client.execute([READ]), t.client.execute([READ])]);
      expect(t.client.stats().backends[0].sessions).toBe(2);
      await t.sim.setFaults({ latencyMs: 600 });
      const read = await failure(t.client.execute([READ]));
      expect([read.kind, read.timedOut]).toEqual(['timeout', true]);
      const write = await failure(t.client.execute([WRITE]));
      expect([write.kind, write.sent, write.timedOut]).toEqual(['outcome-unknown', true, true]);
      // Nothing can be sent any more once the client is closed; the simulator then sends its
      // late answers. The log is complete from there: no resend, on either backend.
      await t.client.close();
      await eventually(() => t.sim.inFlight() === 0 && second.inFlight() === 0, 'the late answers to be sent');
      expect(sent(t.sim, WRITE.type)).toBe(1);
      expect(sent(second, WRITE.type)).toBe(0);
    } finally {
      await t.client?.close();
      t.client = undefined;
      await second.close();
    }
  });

  test('a read whose connection dropped is resent once and succeeds', async () => {
    let reads = 0;
    const proxy = await startProxy(t.sim.origin, (body) =>
      body.includes('VerifySessionIsValidRequest') && ++reads === 1 ? 'before' : undefined,
    );
    try {
      t.client = createOciClient(
        testOptions([`${proxy.origin}/webservice/services/ProvisioningService`], { sessions: 1 }),
      );
      expect((await t.client.execute([READ]))[0].kind).toBe('success');
      expect(reads).toBe(2);
      expect(sent(t.sim, 'VerifySessionIsValidRequest')).toBe(1);
    } finally {
      await t.client?.close();
      t.client = undefined;
      await proxy.close();
    }
  });

  test('a read dropped twice fails after exactly one resend', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1 }));
    await t.client.start();
    await t.sim.setFaults({ dropRate: 1, dropPhase: 'before' });
    const e = await failure(t.client.execute([READ]));
    expect(e.kind).toBe('unavailable');
    expect(sent(t.sim, 'VerifySessionIsValidRequest')).toBe(2);
  });

  test('a write whose connection dropped after execution is outcome-unknown and executed once', async () => {
    const second = await startSimulator({ quiet: true });
    try {
      t.client = createOciClient(testOptions([t.sim.url, second.url], { sessions: 1 }));
      await t.client.start();
      await t.sim.setFaults({ dropRate: 1, dropPhase: 'after' });
      const e = await failure(t.client.execute([READ, WRITE]));
      expect([e.kind, e.sent, e.timedOut]).toEqual(['outcome-unknown', true, false]);
      expect(sent(t.sim, WRITE.type)).toBe(1);
      expect(sent(second, WRITE.type)).toBe(0);
    } finally {
      await t.client?.close();
      t.client = undefined;
      await second.close();
    }
  });

  test.each(['malformed', 'doctype', 'html', 'oversized'] as const)('a %s reply is bad-reply', async (replyMode) => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1 }));
    await t.client.start();
    await t.sim.setFaults({ replyMode });
    const e = await failure(t.client.execute([READ]));
    expect(e.kind).toBe('bad-reply');
    await t.sim.setFaults({ replyMode: 'normal' });
    expect((await t.client.execute([READ]))[0].kind).toBe('success');
  });

  test('start() does not throw while the backend is down and logs in once it is up', async () => {
    await t.sim.setFaults({ down: true });
    t.client = createOciClient(testOptions([t.sim.url], { loginBackoffMs: { initial: 30, max: 60 } }));
    await t.client.start();
    expect(t.client.readiness().ready).toBe(false);
    await t.sim.setFaults({ down: false });
    await eventually(() => t.client!.readiness().ready, 'the client to be ready');
    expect(t.client.stats().logins).toBe(1);
  });
});
