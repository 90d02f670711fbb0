import { request } from 'undici';
import { startSimulator, Simulator, type RequestLogEntry } from '../../src/simulator';
import { tableOf, textOf } from '../../src/oci/document';
import { envelope, loggedIn, SimSession } from './sim-client';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const EXEC1 = 'exec1@acme.example.com';
const getScreening = { type: 'UserExecutiveGetScreeningAlertingRequest', body: { userId: EXEC1 } };
const setRings = (n: string) => ({
  type: 'UserExecutiveModifyScreeningAlertingRequest',
  body: { userId: EXEC1, nextAssistantNumberOfRings: n },
});

async function rings(s: SimSession): Promise<string | null | undefined> {
  const r = (await s.send([getScreening])).results[0];
  return r.kind === 'data' ? textOf(r.body, 'nextAssistantNumberOfRings') : undefined;
}

describe('fault knobs', () => {
  test('errorRate 1 answers non-login commands with [Error 9999] and does not execute them', async () => {
    await sim.setFaults({ errorRate: 1 });
    const s = await loggedIn(sim.url); // logins are never injected
    const r = (await s.send([setRings('7')])).results[0];
    expect(r).toMatchObject({ kind: 'error', code: 9999, summaryEnglish: '[Error 9999] Injected error' });
    await sim.setFaults({ errorRate: 0 });
    expect(await rings(s)).toBe('3');
  });

  test('dropRate 1 before: the connection is destroyed and the write is not applied', async () => {
    const s = await loggedIn(sim.url);
    await sim.setFaults({ dropRate: 1, dropPhase: 'before' });
    await expect(s.send([setRings('7')])).rejects.toThrow();
    await sim.setFaults({ dropRate: 0 });
    expect(await rings(s)).toBe('3');
  });

  test('dropRate 1 after: the connection is destroyed but the write IS applied', async () => {
    const s = await loggedIn(sim.url);
    await sim.setFaults({ dropRate: 1, dropPhase: 'after' });
    await expect(s.send([setRings('7')])).rejects.toThrow();
    await sim.setFaults({ dropRate: 0 });
    expect(await rings(s)).toBe('7');
  });

  test('expireSessionsEvery forgets the session after N commands', async () => {
    await sim.setFaults({ expireSessionsEvery: 2 });
    const s = await loggedIn(sim.url);
    expect((await s.send([getScreening])).status).toBe(200);
    expect((await s.send([getScreening])).status).toBe(200);
    const third = await s.send([getScreening]);
    expect(third.status).toBe(500);
    expect(third.fault?.detail).toBe('Cannot process any request before user is logged in.');
    await s.login('admin', 'admin-password');
    expect((await s.send([getScreening])).status).toBe(200);
  });

  test('down closes the listener and re-listens on the same port', async () => {
    const s = await loggedIn(sim.url);
    const port = sim.port;
    await sim.setFaults({ down: true });
    // A pooled keep-alive socket may report the close first; a fresh connection is refused.
    await expect(s.send([getScreening])).rejects.toThrow();
    await expect(s.send([getScreening])).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await sim.setFaults({ down: false });
    expect(sim.port).toBe(port);
    // Sessions survive an outage of the listener.
    expect((await s.send([getScreening])).status).toBe(200);
  });

  test('latency holds the reply back until it has passed', async () => {
    const slow = await startSimulator({ quiet: true, faults: { latencyMs: 600_000 } });
    const s = new SimSession(slow.url);
    let settled = false;
    const pending = s
      .send([{ type: 'LoginRequest22V5', body: { userId: 'admin', password: 'admin-password' } }])
      .finally(() => {
        settled = true;
      });
    while (slow.stats().documents === 0) await new Promise((r) => setImmediate(r));
    expect(slow.stats().logins).toBe(1); // executed, not yet answered
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    await slow.close();
    await expect(pending).rejects.toThrow();
  });

  test.each([
    ['malformed', (b: string, ct: string) => ct.startsWith('text/xml') && !b.includes('</soapenv:Envelope>')],
    ['doctype', (b: string) => b.includes('<!DOCTYPE')],
    ['oversized', (b: string) => b.length > 10 * 1024 * 1024],
    ['html', (b: string, ct: string) => ct.startsWith('text/html') && b.includes('<html>')],
  ] as const)('replyMode %s sends a broken reply (after executing)', async (mode, check) => {
    const s = await loggedIn(sim.url);
    await sim.setFaults({ replyMode: mode });
    const ex = await s.send([setRings('9')]);
    expect(ex.status).toBe(200);
    if (mode !== 'oversized') expect(ex.results).toEqual([]);
    const raw = await request(sim.url, {
      method: 'POST',
      headers: { cookie: `JSESSIONID=${s.cookie}`, 'content-type': 'text/xml' },
      body: envelope(
        `<BroadsoftDocument protocol="OCI" xmlns="C"><sessionId xmlns="">${s.sessionId}</sessionId><command xmlns="" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="VerifySessionIsValidRequest"/></BroadsoftDocument>`,
      ),
    });
    const text = await raw.body.text();
    expect(check(text, String(raw.headers['content-type']))).toBe(true);
    await sim.setFaults({ replyMode: 'normal' });
    expect(await rings(s)).toBe('9');
  });

  test('forceLogout forgets every session', async () => {
    const s = await loggedIn(sim.url);
    sim.forceLogout();
    expect((await s.send([getScreening])).fault?.faultstring).toBe('INVALID_REQUEST');
  });

  test('reset restores the demo data, clears faults and the log', async () => {
    const s = await loggedIn(sim.url);
    await s.send([
      {
        type: 'UserExecutiveDeleteFilteringSelectiveCriteriaRequest',
        body: { userId: EXEC1, criteriaName: 'Internal' },
      },
    ]);
    await sim.setFaults({ errorRate: 0.5, latencyMs: 1 });
    sim.reset();
    expect(sim.requestLog()).toEqual([]);
    const r = (await s.send([{ type: 'UserExecutiveGetFilteringRequest', body: { userId: EXEC1 } }])).results[0];
    expect(r.kind === 'data' && tableOf(r.body, 'criteriaTable').rows.map((x) => x['Criteria Name'])).toEqual([
      'VIP callers',
      'After hours',
      'Internal',
    ]);
  });

  test('the request log and stats record documents, sessions and command types', async () => {
    sim.clearRequestLog();
    const before = sim.stats();
    const s = await loggedIn(sim.url);
    await s.send([getScreening, { type: 'VerifySessionIsValidRequest', body: {} }]);
    const log = sim.requestLog();
    expect(log.map((e) => e.commandTypes)).toEqual([
      ['LoginRequest22V5'],
      ['UserExecutiveGetScreeningAlertingRequest', 'VerifySessionIsValidRequest'],
    ]);
    expect(log.every((e) => e.sessionId === s.sessionId && e.xml.includes('<BroadsoftDocument'))).toBe(true);
    const after = sim.stats();
    expect([
      after.documents - before.documents,
      after.commands - before.commands,
      after.logins - before.logins,
    ]).toEqual([2, 3, 1]);
    expect(after.sessions).toBeGreaterThanOrEqual(1);
  });
});

describe('admin HTTP API under /__simulator/', () => {
  const admin = <T = Record<string, unknown>>(
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ) =>
    request(`${sim.origin}/__simulator/${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({
      status: r.statusCode,
      json: (await r.body.json()) as T,
    }));

  test('faults are read and written as JSON; bad values are 400', async () => {
    expect((await admin('PUT', 'faults', { errorRate: 1, latencyMs: 0 })).status).toBe(200);
    expect((await admin('GET', 'faults')).json).toMatchObject({
      errorRate: 1,
      dropRate: 0,
      replyMode: 'normal',
      down: false,
    });
    const s = await loggedIn(sim.url);
    expect((await s.send([getScreening])).results[0]).toMatchObject({ code: 9999 });
    expect((await admin('PUT', 'faults', { errorRate: 2 })).status).toBe(400);
    expect((await admin('PUT', 'faults', { bogus: true })).status).toBe(400);
    expect((await admin('POST', 'reset')).json).toEqual({ ok: true });
    expect((await admin('GET', 'faults')).json.errorRate).toBe(0);
  });

  test('requests, stats and logout-all', async () => {
    const s = await loggedIn(sim.url);
    expect((await admin<RequestLogEntry[]>('GET', 'requests')).json.map((e) => e.commandTypes)).toEqual([
      ['LoginRequest22V5'],
    ]);
    expect((await admin('DELETE', 'requests')).status).toBe(200);
    expect((await admin('GET', 'requests')).json).toEqual([]);
    expect(Object.keys((await admin('GET', 'stats')).json)).toEqual(['sessions', 'logins', 'documents', 'commands']);
    await admin('POST', 'logout-all');
    expect((await s.send([getScreening])).status).toBe(500);
    expect((await admin('GET', 'nope')).status).toBe(404);
  });

  test('down with downForMs comes back by itself on the same port', async () => {
    const port = sim.port;
    expect((await admin('PUT', 'faults', { downForMs: 20 })).status).toBe(200);
    let up = false;
    while (!up) {
      up = await request(`${sim.origin}/__simulator/stats`).then(
        async (r) => (await r.body.dump(), true),
        () => false,
      );
    }
    expect(sim.port).toBe(port);
    expect((await admin('GET', 'faults')).json.down).toBe(false);
  });
});
