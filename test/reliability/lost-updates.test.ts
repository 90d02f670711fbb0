import type { Alerting } from '../helpers/executive';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';
import { eventually } from '../helpers/eventually';

/** If-Match on PUT/DELETE: read and compare inside the per-user write lock, 412 on mismatch. */

const EXEC = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';
const PROBLEM = 'https://oci-gateway.dev/problems/';
const MODIFY = 'UserExecutiveModifyScreeningAlertingRequest';
const DELETE = 'UserExecutiveDeleteFilteringSelectiveCriteriaRequest';

describe('If-Match over HTTP', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw.close());
  beforeEach(async () => {
    await gw.sim.setFaults({ latencyMs: 0 });
    gw.sim.reset();
    gw.sim.clearRequestLog();
  });
  const writes = (type = MODIFY) => gw.sim.requestLog().filter((e) => e.commandTypes.includes(type)).length;

  it('When If-Match carries the ETag of the current state, then the PUT applies and answers the ETag of the new state', async () => {
    const before = await call(gw, 'GET', EXEC + 'screening/');
    const etag = before.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const put = await call(gw, 'PUT', EXEC + 'screening/', {
      body: { enabled: !before.json.enabled },
      headers: { 'if-match': etag },
    });
    expect(put.status).toBe(200);
    expect(put.json.enabled).toBe(!before.json.enabled);
    const after = await call(gw, 'GET', EXEC + 'screening/');
    expect(put.headers.get('etag')).toBe(after.headers.get('etag'));
    expect(after.headers.get('etag')).not.toBe(etag);
  });

  it('When If-Match is stale, then 412 problem+json and nothing is written', async () => {
    const etag = (await call(gw, 'GET', EXEC + 'alerting/')).headers.get('etag')!;
    expect((await call(gw, 'PUT', EXEC + 'alerting/', { body: { callPushRecallAfter: 7 } })).status).toBe(200);
    gw.sim.clearRequestLog();
    const res = await call(gw, 'PUT', EXEC + 'alerting/', {
      body: { callPushRecallAfter: 9 },
      headers: { 'if-match': etag },
    });
    expect(res.status).toBe(412);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.type).toBe(PROBLEM + 'precondition-failed');
    expect(writes()).toBe(0);
    expect((await call(gw, 'GET', EXEC + 'alerting/')).json.callPushRecallAfter).toBe(7);
  });

  it.each([
    ['*', 200],
    ['W/<etag>', 412], // If-Match uses the strong comparison: a weak tag never matches
    ['"nope", <etag>', 200],
    ['"nope"', 412],
    ['not-quoted', 400],
  ])('If-Match: %s → %s', async (header, status) => {
    const etag = (await call(gw, 'GET', EXEC + 'screening/')).headers.get('etag')!;
    const res = await call(gw, 'PUT', EXEC + 'screening/', {
      body: { enabled: true },
      headers: { 'if-match': header.replace('<etag>', etag) },
    });
    expect(res.status).toBe(status);
    expect(writes()).toBe(status === 200 ? 1 : 0);
  });

  it('DELETE honours If-Match: stale → 412 and the criteria stays; current → 200', async () => {
    const path = EXEC + 'criteria/VIP%20callers/';
    const etag = (await call(gw, 'GET', path)).headers.get('etag')!;
    expect((await call(gw, 'PUT', path, { body: { filter: false } })).status).toBe(200);
    const stale = await call(gw, 'DELETE', path, { headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(writes(DELETE)).toBe(0);
    expect((await call(gw, 'GET', path)).status).toBe(200);
    const current = (await call(gw, 'GET', path)).headers.get('etag')!;
    expect((await call(gw, 'DELETE', path, { headers: { 'if-match': current } })).status).toBe(200);
    expect((await call(gw, 'GET', path)).status).toBe(404);
  });

  it('If-Match on a criteria that does not exist → 404 (what the request would answer anyway), not 412', async () => {
    const res = await call(gw, 'PUT', EXEC + 'criteria/Nothing/', {
      body: { filter: true },
      headers: { 'if-match': '*' },
    });
    expect(res.status).toBe(404);
    expect(writes('UserExecutiveModifyFilteringSelectiveCriteriaRequest')).toBe(0);
  });

  it('When two clients PUT with the same If-Match at once, then exactly one wins and the other gets 412 (no lost update)', async () => {
    const current = await call<Alerting>(gw, 'GET', EXEC + 'alerting/');
    const etag = current.headers.get('etag')!;
    const [x, y] = [1, 2].map((d) => ((current.json.nextAssistantAfter + d - 1) % 20) + 1); // both differ from now
    // Latency widens the read-compare-write window: without the lock both would pass the check.
    await gw.sim.setFaults({ latencyMs: 40 });
    // Several logged-in sessions, so that both reads can really run side by side.
    await Promise.all([1, 2, 3, 4].map(() => call(gw, 'GET', EXEC + 'screening/')));
    const [a, b] = await Promise.all([
      call(gw, 'PUT', EXEC + 'alerting/', { body: { nextAssistantAfter: x }, headers: { 'if-match': etag } }),
      call(gw, 'PUT', EXEC + 'alerting/', { body: { nextAssistantAfter: y }, headers: { 'if-match': etag } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? x : y;
    expect((await call(gw, 'GET', EXEC + 'alerting/')).json.nextAssistantAfter).toBe(winner);
    expect(writes()).toBe(1);
  });

  it('Without If-Match, concurrent PUTs both apply, one after the other (documented behaviour)', async () => {
    await gw.sim.setFaults({ latencyMs: 20 });
    const [a, b] = await Promise.all([
      call(gw, 'PUT', EXEC + 'alerting/', { body: { nextAssistantAfter: 3 } }),
      call(gw, 'PUT', EXEC + 'alerting/', { body: { nextAssistantAfter: 4 } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(writes()).toBe(2);
  });
});

describe('the wait for the write lock is bounded', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { OCI_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => gw.close());

  it('a writer that cannot get the lock within OCI_TIMEOUT_MS answers 503 busy, with nothing of its own sent', async () => {
    await call(gw, 'GET', EXEC + 'alerting/'); // membership cached: the second PUT sends nothing before the lock
    // Each document takes 600 ms (< OCI_TIMEOUT_MS); the If-Match PUT holds the lock for three of them.
    await gw.sim.setFaults({ latencyMs: 600 });
    gw.sim.clearRequestLog();
    const first = call(gw, 'PUT', EXEC + 'alerting/', {
      body: { nextAssistantAfter: 4 },
      headers: { 'if-match': '*' },
    });
    await eventually(() => gw.sim.requestLog().length > 0, 'the first PUT to be under way', { withinMs: 5000 });
    const second = await call(gw, 'PUT', EXEC + 'alerting/', { body: { nextAssistantAfter: 5 } });
    expect(second.status).toBe(503);
    expect((second.json as { type?: string }).type).toBe(PROBLEM + 'busy');
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await first).status).toBe(200);
    await gw.sim.setFaults({ latencyMs: 0 });
    expect(writes()).toBe(1);
    expect(
      ((await call(gw, 'GET', EXEC + 'alerting/')).json as { nextAssistantAfter?: number }).nextAssistantAfter,
    ).toBe(4);
  });
  const writes = () => gw.sim.requestLog().filter((e) => e.commandTypes.includes(MODIFY)).length;
});
