import { createOciClient } from '../../src/oci/client';
import { eventually } from '../helpers/eventually';
import { sent, simulatorPerTest, testOptions } from './helpers/client-options';

/** The OCI client's recovery probe against the simulator: it logs in by itself, and paces refused logins. */
describe('OCI recovery probe', () => {
  const t = simulatorPerTest();
  const logins = () => t.sim.requestLog().filter((e) => e.commandTypes.includes('LoginRequest14sp4'));

  test('with no request at all, a client whose start-up login failed logs in once BroadWorks is up', async () => {
    await t.sim.setFaults({ down: true });
    t.client = createOciClient(testOptions([t.sim.url], { recoveryProbeMs: 20 }));
    await t.client.start();
    expect(t.client.readiness().ready).toBe(false);
    await t.sim.setFaults({ down: false });
    await eventually(() => t.client!.readiness().ready, 'ready with no request', { withinMs: 5000 });
    expect(sent(t.sim, 'LoginRequest14sp4')).toBeGreaterThanOrEqual(1);
  });

  test('refused credentials: every attempt waits the refusal back-off, whatever the probe interval', async () => {
    const backoffMs = 150;
    t.client = createOciClient(
      testOptions([t.sim.url], {
        password: 'wrong',
        recoveryProbeMs: 10,
        recoveryRefusedBackoffMs: backoffMs,
        // The pool's own back-off for requests is not what is measured here: none are made.
        loginBackoffMs: { initial: 10, max: 10 },
      }),
    );
    await t.client.start();
    await eventually(() => logins().length >= 4, 'four login attempts', { withinMs: 10_000, everyMs: 10 });
    // Only bounded from below (a wall-clock upper bound would be a timed assertion). The first
    // gap is the probe's first, ordinary check after the start-up login.
    const at = logins().map((e) => e.at);
    const gaps = at.slice(2).map((time, i) => time - at[i + 1]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(backoffMs);
    const readiness = t.client.readiness();
    expect(readiness.ready).toBe(false);
    expect(readiness.reason).toMatch(/^login refused: .*Invalid password/);
  });
});
