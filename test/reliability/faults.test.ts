import { startBlackhole } from '../oci/helpers/blackhole';
import { startProxy } from '../oci/helpers/proxy';
import { eventually } from '../helpers/eventually';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';
import { flushTimings, timed } from './timings';

/**
 * Faults over real HTTP, injected with the simulator's knobs. Each case asserts the status
 * and problem type; elapsed times are only recorded (see timings.ts), never asserted.
 */

const EXEC = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';
const PROBLEM = 'https://oci-gateway.dev/problems/';
const MODIFY = 'UserExecutiveModifyScreeningAlertingRequest';
const RESET_MS = 1000;
const FAST = { OCI_TIMEOUT_MS: '500', OCI_BREAKER_RESET_MS: String(RESET_MS) };

const sentCount = (log: { commandTypes: string[] }[], type: string) =>
  log.filter((e) => e.commandTypes.includes(type)).length;
const ready = async (gw: Gateway) => (await fetch(gw.url + '/readyz')).status;

afterAll(() => flushTimings());

describe('backend down', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startGateway({ env: FAST });
    expect((await call(gw, 'GET', EXEC + 'alerting/')).status).toBe(200);
  });
  afterEach(async () => {
    await gw.sim.setFaults({ down: false });
    await gw.close();
  });

  it('When the backend refuses connections, then each request gets 503, the breaker opens, later ones fail at once and /readyz is 503', async () => {
    await gw.sim.setFaults({ down: true });
    for (let i = 0; i < 5; i++) {
      const res = await timed('down: per request (breaker closed)', () => call(gw, 'GET', EXEC + 'alerting/'));
      expect(res.status).toBe(503);
      expect(res.json.type).toBe(PROBLEM + 'backend-unavailable');
    }
    expect(gw.oci.stats().backends[0].breaker).toBe('open');
    for (const method of ['GET', 'PUT'] as const) {
      const res = await timed('down: breaker open', () =>
        call(gw, method, EXEC + 'screening/', { body: method === 'PUT' ? { enabled: true } : undefined }),
      );
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    expect(await ready(gw)).toBe(503);
  });

  it('When the backend comes back, then requests and /readyz succeed again within the breaker reset time', async () => {
    await gw.sim.setFaults({ down: true });
    for (let i = 0; i < 5; i++) await call(gw, 'GET', EXEC + 'alerting/');
    expect(gw.oci.stats().backends[0].breaker).toBe('open');
    await gw.sim.setFaults({ down: false });
    await timed('down: recovery after backend is back (reset 1000 ms)', () =>
      eventually(async () => (await call(gw, 'GET', EXEC + 'alerting/')).status === 200, 'a request to succeed', {
        withinMs: 6000,
        everyMs: 100,
      }),
    );
    await eventually(async () => (await ready(gw)) === 200, '/readyz to answer 200', { withinMs: 6000, everyMs: 100 });
    expect(gw.oci.stats().backends[0].breaker).toBe('closed');
  });
});

describe('backend drops connection attempts (no answer at all)', () => {
  it('When connection attempts hang, then each request gets 503 after the connect timeout, the breaker opens and later ones fail at once', async () => {
    const hole = await startBlackhole();
    const gw = await startGateway({
      env: { OCI_TIMEOUT_MS: '10000', OCI_BREAKER_RESET_MS: '60000' },
      primaryUrl: () => `${hole.origin}/webservice/services/ProvisioningService`,
    });
    try {
      let opened = false;
      for (let i = 0; i < 8 && !opened; i++) {
        const res = await timed('blackhole: per request (connect timeout)', () => call(gw, 'GET', EXEC + 'alerting/'));
        expect(res.status).toBe(503);
        expect(res.json.type).toBe(PROBLEM + 'backend-unavailable');
        opened = gw.oci.stats().backends[0].breaker === 'open';
      }
      expect(opened).toBe(true);
      const res = await timed('blackhole: breaker open', () => call(gw, 'GET', EXEC + 'alerting/'));
      expect(res.status).toBe(503);
      expect(await ready(gw)).toBe(503);
    } finally {
      await gw.close();
      await hole.close();
    }
  }, 60_000);
});

describe('backend slow', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startGateway({ env: { ...FAST, OCI_TIMEOUT_MS: '400' } });
    expect((await call(gw, 'GET', EXEC + 'alerting/')).status).toBe(200);
    await gw.sim.setFaults({ latencyMs: 1500 });
  });
  afterEach(async () => {
    await gw.sim.setFaults({ latencyMs: 0 });
    await gw.close();
  });

  it('When every answer takes longer than OCI_TIMEOUT_MS, then every read gets 504 backend-timeout', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await timed('slow: read (OCI_TIMEOUT_MS 400)', () => call(gw, 'GET', EXEC + 'alerting/'));
      expect(res.status).toBe(504);
      expect(res.json.type).toBe(PROBLEM + 'backend-timeout');
    }
  });

  it('When a write gets no answer before the deadline, then 504 outcome-unknown and it is not sent again', async () => {
    const res = await timed('slow: write (OCI_TIMEOUT_MS 400)', () =>
      call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: true } }),
    );
    expect(res.status).toBe(504);
    expect(res.json.type).toBe(PROBLEM + 'outcome-unknown');
    // Once the simulator has sent its late answer, the gateway has nothing left that could resend.
    await eventually(() => gw.sim.inFlight() === 0, 'the late answer to be sent', { withinMs: 5000 });
    expect(sentCount(gw.sim.requestLog(), MODIFY)).toBe(1);
  });
});

describe('sessions lost', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ env: FAST });
  });
  afterAll(async () => gw.close());
  afterEach(async () => gw.sim.setFaults({ expireSessionsEvery: 0 }));

  const mixed = [
    ['GET', 'alerting/', undefined],
    ['PUT', 'screening/', { enabled: true, alertType: 'Silent' }],
    ['GET', 'filtering/', undefined],
    ['PUT', 'screening/', { enabled: false }],
  ] as const;

  it('When the backend forgets sessions every 3 commands, then every request still succeeds', async () => {
    const logins0 = gw.sim.stats().logins;
    await gw.sim.setFaults({ expireSessionsEvery: 3 });
    for (let i = 0; i < 24; i++) {
      const [method, path, body] = mixed[i % mixed.length];
      const res = await timed('session expiry every 3 commands', () => call(gw, method, EXEC + path, { body }));
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 200`);
    }
    expect(gw.sim.stats().logins - logins0).toBeGreaterThanOrEqual(4);
  });

  it('When every session is logged out before each request, then every request still succeeds', async () => {
    const logins0 = gw.sim.stats().logins;
    gw.sim.clearRequestLog();
    for (let i = 0; i < 12; i++) {
      gw.sim.forceLogout();
      const [method, path, body] = mixed[i % mixed.length];
      const res = await timed('forced logout before the request', () => call(gw, method, EXEC + path, { body }));
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 200`);
    }
    expect(gw.sim.stats().logins - logins0).toBeGreaterThanOrEqual(12);
  });
});

describe('primary down, secondary configured', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ env: FAST, secondary: {} });
    expect((await call(gw, 'GET', EXEC + 'alerting/')).status).toBe(200);
  });
  afterAll(async () => {
    await gw.sim.setFaults({ down: false });
    await gw.close();
  });

  it('When the primary refuses connections, then reads and writes keep succeeding through the secondary', async () => {
    await gw.sim.setFaults({ down: true });
    gw.sim2!.clearRequestLog();
    for (let i = 0; i < 8; i++) {
      const res = await timed('failover to the secondary', () =>
        call(gw, i % 2 ? 'PUT' : 'GET', EXEC + 'screening/', { body: i % 2 ? { enabled: i % 4 === 1 } : undefined }),
      );
      expect(res.status).toBe(200);
    }
    expect(sentCount(gw.sim2!.requestLog(), MODIFY)).toBe(4);
    expect(gw.oci.stats().backends[0].breaker).toBe('open');
  });
});

describe('connection dropped', () => {
  it('When the connection drops during a read-only document, then it is resent once and the client gets 200', async () => {
    let reads = 0;
    let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
    const gw = await startGateway({
      env: FAST,
      primaryUrl: async (sim) => {
        proxy = await startProxy(sim.origin, (body) =>
          body.includes('UserExecutiveGetScreeningAlertingRequest') && ++reads === 1 ? 'before' : undefined,
        );
        return `${proxy.origin}/webservice/services/ProvisioningService`;
      },
    });
    try {
      const res = await timed('drop during a read (resent once)', () => call(gw, 'GET', EXEC + 'alerting/'));
      expect(res.status).toBe(200);
      expect(reads).toBe(2);
      expect(sentCount(gw.sim.requestLog(), 'UserExecutiveGetScreeningAlertingRequest')).toBe(1);
    } finally {
      await gw.close();
      await proxy?.close();
    }
  });

  it('When a write is applied and reading the new state then fails, then 502 write-incomplete (never "not applied"), audit says applied', async () => {
    // PUT filtering/: document 1 = Modify + Get (applies), document 2 = the criteria reads; both attempts at document 2 drop.
    let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
    const gw = await startGateway({
      env: FAST,
      primaryUrl: async (sim) => {
        proxy = await startProxy(sim.origin, (body) =>
          body.includes('UserExecutiveGetFilteringSelectiveCriteriaRequest21') ? 'before' : undefined,
        );
        return `${proxy.origin}/webservice/services/ProvisioningService`;
      },
    });
    try {
      const res = await call(gw, 'PUT', EXEC + 'filtering/', { body: { enabled: false } });
      expect(res.status).toBe(502);
      expect(res.json.type).toBe(PROBLEM + 'write-incomplete');
      expect(res.json.detail).toMatch(/applied/);
      expect(sentCount(gw.sim.requestLog(), 'UserExecutiveModifyFilteringRequest')).toBe(1);
      const audit = gw.logs.filter((l) => l.msg === 'audit').pop()!.obj.audit as Record<string, unknown>;
      expect(audit.outcome).toBe('applied');
    } finally {
      await gw.close();
      await proxy?.close();
    }
  });

  describe('during a write', () => {
    let gw: Gateway;
    beforeEach(async () => {
      gw = await startGateway({ env: FAST, secondary: {} });
      expect((await call(gw, 'GET', EXEC + 'screening/')).status).toBe(200);
      gw.sim.clearRequestLog();
    });
    afterEach(async () => {
      await gw.sim.setFaults({ dropRate: 0 });
      await gw.close();
    });

    it.each(['before', 'after'] as const)(
      'When the connection drops (%s execution), then 502 outcome-unknown and the write is never replayed, not even on the secondary',
      async (dropPhase) => {
        await gw.sim.setFaults({ dropRate: 1, dropPhase });
        const res = await timed(`drop during a write (${dropPhase})`, () =>
          call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: true } }),
        );
        expect(res.status).toBe(502);
        expect(res.json.type).toBe(PROBLEM + 'outcome-unknown');
        expect(res.json.detail).toMatch(/may or may not be applied/);
        expect(sentCount(gw.sim.requestLog(), MODIFY)).toBe(1);
        expect(sentCount(gw.sim2!.requestLog(), MODIFY)).toBe(0);
      },
    );
  });
});

describe('broken backend replies', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startGateway({ env: FAST });
    expect((await call(gw, 'GET', EXEC + 'alerting/')).status).toBe(200);
    gw.sim.clearRequestLog();
  });
  afterEach(async () => gw.close());

  it.each(['malformed', 'oversized', 'doctype', 'html'] as const)(
    'When the reply is %s, then a read gets 502, a write 502 outcome-unknown, and the gateway keeps serving',
    async (replyMode) => {
      await gw.sim.setFaults({ replyMode });
      const read = await timed(`${replyMode} reply`, () => call(gw, 'GET', EXEC + 'alerting/'));
      expect(read.status).toBe(502);
      expect(read.json.type).toBe(PROBLEM + 'bad-backend-reply');
      const write = await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: true } });
      expect(write.status).toBe(502);
      expect(write.json.type).toBe(PROBLEM + 'outcome-unknown');
      expect(sentCount(gw.sim.requestLog(), MODIFY)).toBe(1);
      await gw.sim.setFaults({ replyMode: 'normal' });
      expect((await call(gw, 'GET', EXEC + 'alerting/')).status).toBe(200);
    },
  );
});
