import express from 'express';
import type { AddressInfo } from 'node:net';
import { IdempotencyStore } from '../../src/http/idempotency';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

/** Idempotency-Key on POST/PUT: first final answer replayed, unknown outcomes retried. */

const EXEC = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';
const PROBLEM = 'https://oci-gateway.dev/problems/';
const MODIFY = 'UserExecutiveModifyScreeningAlertingRequest';
const ADD = 'UserExecutiveAddFilteringSelectiveCriteriaRequest';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Idempotency-Key over HTTP', () => {
  let gw: Gateway;
  let n = 0;
  const key = () => `key-${Date.now()}-${++n}`;
  beforeAll(async () => {
    gw = await startGateway({ env: { IDEMPOTENCY_TTL_S: '1' } });
  });
  afterAll(async () => gw.close());
  beforeEach(async () => {
    await gw.sim.setFaults({ latencyMs: 0, dropRate: 0 });
    gw.sim.reset();
    gw.sim.clearRequestLog();
  });
  const sent = (type: string) => gw.sim.requestLog().filter((e) => e.commandTypes.includes(type)).length;

  it('When a POST is repeated with the same key and body, then the first answer is replayed and nothing is written again', async () => {
    const k = key();
    const body = { name: 'Idem one', filter: true };
    const first = await call(gw, 'POST', EXEC + 'criteria/', { body, headers: { 'idempotency-key': k } });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await call(gw, 'POST', EXEC + 'criteria/', { body, headers: { 'idempotency-key': k } });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    expect(sent(ADD)).toBe(1);
  });

  it('The same key with another body → 422; another caller with the same key is a new request', async () => {
    const k = key();
    expect(
      (await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: true }, headers: { 'idempotency-key': k } }))
        .status,
    ).toBe(200);
    const other = await call(gw, 'PUT', EXEC + 'screening/', {
      body: { enabled: false },
      headers: { 'idempotency-key': k },
    });
    expect(other.status).toBe(422);
    expect(other.json.type).toBe(PROBLEM + 'idempotency-key-reused');
    const someoneElse = await call(gw, 'PUT', EXEC + 'screening/', {
      body: { enabled: true },
      headers: { 'idempotency-key': k },
      token: await gw.token({ sub: 'another' }),
    });
    expect(someoneElse.status).toBe(200);
    expect(someoneElse.headers.get('idempotent-replayed')).toBeNull();
    expect(sent(MODIFY)).toBe(2);
  });

  it('A 4xx answer is final and replayed too', async () => {
    const k = key();
    const bad = await call(gw, 'PUT', EXEC + 'alerting/', {
      body: { callPushRecallAfter: 99 },
      headers: { 'idempotency-key': k },
    });
    expect(bad.status).toBe(400);
    const again = await call(gw, 'PUT', EXEC + 'alerting/', {
      body: { callPushRecallAfter: 99 },
      headers: { 'idempotency-key': k },
    });
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([400, 'true']);
  });

  it('When the first attempt is still running, then a repeat gets 409 and is not written', async () => {
    const k = key();
    await gw.sim.setFaults({ latencyMs: 150 });
    const first = call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: true }, headers: { 'idempotency-key': k } });
    await sleep(50);
    const second = await call(gw, 'PUT', EXEC + 'screening/', {
      body: { enabled: true },
      headers: { 'idempotency-key': k },
    });
    expect(second.status).toBe(409);
    expect(second.json.type).toBe(PROBLEM + 'idempotency-key-in-flight');
    expect((await first).status).toBe(200);
    expect(sent(MODIFY)).toBe(1);
  });

  it('When the first attempt ended "outcome unknown", then the retry runs as a new attempt (PUT is absolute: re-applying is safe)', async () => {
    const k = key();
    await gw.sim.setFaults({ dropRate: 1, dropPhase: 'after' });
    const first = await call(gw, 'PUT', EXEC + 'screening/', {
      body: { enabled: true },
      headers: { 'idempotency-key': k },
    });
    expect(first.json.type).toBe(PROBLEM + 'outcome-unknown');
    await gw.sim.setFaults({ dropRate: 0 });
    const retry = await call(gw, 'PUT', EXEC + 'screening/', {
      body: { enabled: true },
      headers: { 'idempotency-key': k },
    });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.json.enabled).toBe(true);
    expect(sent(MODIFY)).toBe(2);
  });

  it('When a POST ended "outcome unknown" but was applied, then the retry cannot double-create: BroadWorks refuses the duplicate name', async () => {
    const k = key();
    const body = { name: 'Idem two' };
    await gw.sim.setFaults({ dropRate: 1, dropPhase: 'after' });
    expect((await call(gw, 'POST', EXEC + 'criteria/', { body, headers: { 'idempotency-key': k } })).json.type).toBe(
      PROBLEM + 'outcome-unknown',
    );
    await gw.sim.setFaults({ dropRate: 0 });
    const retry = await call(gw, 'POST', EXEC + 'criteria/', { body, headers: { 'idempotency-key': k } });
    expect(retry.status).toBe(400);
    expect(retry.json.type).toBe(PROBLEM + 'rejected-by-backend');
    const table = (await call(gw, 'GET', EXEC + 'filtering/')).json.criteria.filter(
      (c: { name: string }) => c.name === 'Idem two',
    );
    expect(table).toHaveLength(1);
  });

  it('After IDEMPOTENCY_TTL_S the key is forgotten', async () => {
    const k = key();
    expect(
      (await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: true }, headers: { 'idempotency-key': k } }))
        .status,
    ).toBe(200);
    await sleep(1100);
    const later = await call(gw, 'PUT', EXEC + 'screening/', {
      body: { enabled: true },
      headers: { 'idempotency-key': k },
    });
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(sent(MODIFY)).toBe(2);
  });

  it('A key that is not 1-255 printable ASCII characters → 400, nothing sent', async () => {
    const res = await call(gw, 'PUT', EXEC + 'screening/', {
      body: { enabled: true },
      headers: { 'idempotency-key': 'x'.repeat(256) },
    });
    expect(res.status).toBe(400);
    expect(sent(MODIFY)).toBe(0);
  });
});

describe('IdempotencyStore bounds', () => {
  it('keeps at most maxKeys keys, dropping the least recently used', async () => {
    const store = new IdempotencyStore({ maxKeys: 2 });
    let writes = 0;
    const app = express();
    app.put('/x', express.json(), store.middleware(), (_req, res) => void res.json({ n: ++writes }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    const put = async (k: string) =>
      (
        await fetch(url, {
          method: 'PUT',
          headers: { 'idempotency-key': k, 'content-type': 'application/json' },
          body: '{}',
        })
      ).json();
    try {
      await put('a');
      await put('b');
      expect(await put('a')).toEqual({ n: 1 }); // replayed, and now most recently used
      await put('c'); // evicts b
      expect(store.size).toBe(2);
      expect(await put('a')).toEqual({ n: 1 });
      expect(await put('b')).toEqual({ n: 4 });
    } finally {
      server.close();
    }
  });
});
