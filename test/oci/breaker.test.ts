import { createOciClient } from '../../src/oci/client';
import { eventually } from '../helpers/eventually';
import { failure, READ, sent, simulatorPerTest, testOptions } from './helpers/client-options';

/*
 * The default rule: the breaker opens at 5 or more failures making at least half of the
 * calls in 10 s. Failures are malformed replies: the server is up, so each read is exactly
 * one call and one failure (no resend), and the simulator's request log counts every call.
 */
describe('circuit breaker default rule', () => {
  const t = simulatorPerTest();

  const breaker = () => t.client!.stats().backends[0].breaker;
  const failRead = async () => expect((await failure(t.client!.execute([READ]))).kind).toBe('bad-reply');

  test('4 failures stay closed; the 5th (of at most 10 calls) opens it; half-open after the reset, then closed', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1, breakerResetMs: 1500 }));
    await t.client.start();
    await t.sim.setFaults({ replyMode: 'malformed' });
    for (let i = 0; i < 4; i++) {
      await failRead();
      expect(breaker()).toBe('closed');
    }
    await failRead();
    expect(breaker()).toBe('open');
    expect(t.sim.requestLog().length).toBeLessThanOrEqual(10);
    const calls = t.sim.requestLog().length;
    const open = await failure(t.client.execute([READ]));
    expect([open.kind, open.sent]).toEqual(['unavailable', false]);
    expect(open.message).toMatch(/circuit open/);
    expect(t.sim.requestLog()).toHaveLength(calls); // failed fast, nothing sent
    await t.sim.setFaults({ replyMode: 'normal' });
    await eventually(() => breaker() === 'half-open', 'the breaker to turn half-open', { withinMs: 10_000 });
    expect((await t.client.execute([READ]))[0].kind).toBe('success');
    expect(breaker()).toBe('closed');
    // The trial starts a fresh window: one failure after recovery does not re-open it.
    await t.sim.setFaults({ replyMode: 'malformed' });
    await failRead();
    expect(breaker()).toBe('closed');
  });

  test('5 failures among 11 calls (less than half) stay closed; a 6th (exactly half of 12) opens it', async () => {
    t.client = createOciClient(testOptions([t.sim.url], { sessions: 1, breakerResetMs: 60_000 }));
    await t.client.start();
    while (t.sim.requestLog().length < 6) await t.client.execute([READ]);
    expect(t.sim.requestLog()).toHaveLength(6);
    await t.sim.setFaults({ replyMode: 'malformed' });
    for (let i = 0; i < 5; i++) await failRead();
    expect(t.sim.requestLog()).toHaveLength(11);
    expect(breaker()).toBe('closed');
    await failRead();
    expect(sent(t.sim, READ.type)).toBe(4 + 6);
    expect(breaker()).toBe('open');
  });
});
