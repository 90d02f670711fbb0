import { MemoryRevocationList } from '../../src/coordination/memory-counters';
import { MemoryCookieSessions } from '../../src/coordination/memory-cookie-sessions';

const LIMITS = { idleMs: 1000, maxMs: 5000 };
const record = (sid: string, createdAtMs: number) => ({
  principal: '{"sub":"u","level":"system"}',
  loginSessionId: sid,
  createdAtMs,
});

/** The in-process cookie-session store: decisions from timestamps, the denylist, and its bound. */
describe('MemoryCookieSessions', () => {
  let t = 0;
  const now = () => t;

  test('a session lives while used within the idle time, until the absolute limit; then it is gone', async () => {
    const store = new MemoryCookieSessions(new MemoryRevocationList(now), now);
    t = 0;
    await store.create('k', record('s', t), LIMITS);
    for (t = 900; t < 5000; t += 900) expect((await store.use('k', LIMITS)).kind).toBe('live');
    t = 5000;
    expect((await store.use('k', LIMITS)).kind).toBe('dead');
    t = 5001;
    expect((await store.use('k', LIMITS)).kind).toBe('dead');
  });

  test('a session whose login session is on the denylist is dead, and end() answers its record once', async () => {
    const revocations = new MemoryRevocationList(now);
    const store = new MemoryCookieSessions(revocations, now);
    t = 0;
    await store.create('a', record('sid-a', t), LIMITS);
    await store.create('b', record('sid-b', t), LIMITS);
    await revocations.revoke('sid-a', 100);
    expect((await store.use('a', LIMITS)).kind).toBe('dead');
    expect(await store.end('b')).toMatchObject({ loginSessionId: 'sid-b' });
    expect(await store.end('b')).toBeUndefined();
  });

  test('when full, expired sessions go first, then the oldest', async () => {
    const store = new MemoryCookieSessions(new MemoryRevocationList(now), now, 2);
    t = 0;
    await store.create('old', record('1', t), LIMITS);
    t = 500;
    await store.create('mid', record('2', t), LIMITS);
    t = 1200; // 'old' is idle past the limit, 'mid' is not
    await store.create('new', record('3', t), LIMITS);
    expect((await store.use('mid', LIMITS)).kind).toBe('live');
    await store.create('newer', record('4', t), LIMITS);
    expect((await store.use('mid', LIMITS)).kind).toBe('dead');
    expect((await store.use('new', LIMITS)).kind).toBe('live');
    expect((await store.use('newer', LIMITS)).kind).toBe('live');
  });
});
