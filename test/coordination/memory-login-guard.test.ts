import { MemoryLoginGuard } from '../../src/coordination/memory-login-guard';
import type { LoginAttempt, LoginGuard } from '../../src/coordination/stores';

/** The in-process login guard's unit accounting (its HTTP behaviour: test/auth/login-burst.test.ts). */

async function admitted(guard: LoginGuard, account: string, address: string): Promise<LoginAttempt> {
  const admission = await guard.admit(account, address);
  if (!admission.admitted) throw new Error(`${account} from ${address} was refused`);
  return admission.attempt;
}

describe('MemoryLoginGuard', () => {
  let clock = 1_000_000;
  const guard = () => new MemoryLoginGuard({ maxPerAccount: 3, maxPerAddress: 10, windowMs: 60_000, now: () => clock });

  test('attempts in flight use the budget; a refund gives it back; a success clears failures but not attempts in flight', async () => {
    const g = guard();
    await (await admitted(g, 'Eve', 'a1')).failed();
    const inFlight = await admitted(g, 'eve', 'a2');
    const third = await admitted(g, 'EVE', 'a3');
    expect(await g.admit('eve', 'a4')).toMatchObject({ admitted: false });
    await third.refund();
    const success = await admitted(g, 'eve', 'a5');
    await success.succeeded();
    await admitted(g, 'eve', 'a6');
    await admitted(g, 'eve', 'a7');
    expect(await g.admit('eve', 'a8')).toMatchObject({ admitted: false });
    await inFlight.refund();
    expect(await g.admit('eve', 'a9')).toMatchObject({ admitted: true });
  });

  test('an attempt settles once: a second settlement does nothing', async () => {
    const g = guard();
    const a = await admitted(g, 'bob', 'b1');
    await a.failed();
    await a.refund();
    await (await admitted(g, 'bob', 'b2')).failed();
    await (await admitted(g, 'bob', 'b3')).failed();
    expect(await g.admit('bob', 'b4')).toMatchObject({ admitted: false });
  });

  test('failures leave the budget with the window; Retry-After says when', async () => {
    const g = guard();
    for (let i = 0; i < 3; i++) await (await admitted(g, 'carol', `c${i}`)).failed();
    const locked = await g.admit('carol', 'c9');
    expect(locked).toEqual({ admitted: false, retryAfterSeconds: 60 });
    clock += 60_001;
    expect(await g.admit('carol', 'c9')).toMatchObject({ admitted: true });
  });

  test('an address at its limit takes nothing from the account', async () => {
    const g = guard();
    for (let i = 0; i < 10; i++) await (await admitted(g, `acct${i}`, 'd1')).failed();
    expect(await g.admit('dave', 'd1')).toMatchObject({ admitted: false });
    for (let i = 0; i < 3; i++) await admitted(g, 'dave', `d${i + 2}`);
  });
});
