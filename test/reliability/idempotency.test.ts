import { createProcessCoordination, CoordinationError } from '../../src/coordination';
import { MemoryIdempotencyRecords } from '../../src/coordination/memory-idempotency';
import { eventually } from '../helpers/eventually';
import type { Filtering } from '../helpers/executive';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

/** Idempotency-Key on POST/PUT: first final answer replayed, unknown outcomes retried. */

const EXEC = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';
const PROBLEM = 'https://oci-gateway.dev/problems/';
const MODIFY = 'UserExecutiveModifyScreeningAlertingRequest';
const ADD = 'UserExecutiveAddFilteringSelectiveCriteriaRequest';

describe('Idempotency-Key over HTTP', () => {
  let gw: Gateway;
  let n = 0;
  // The gateway's clock: the TTL test moves it instead of sleeping.
  let clock = Date.now();
  const key = () => `key-${Date.now()}-${++n}`;
  beforeAll(async () => {
    gw = await startGateway({ env: { IDEMPOTENCY_TTL_S: '1' }, now: () => clock });
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
    // The backend holds the first attempt's write long enough for the repeat to arrive while it runs.
    await gw.sim.setFaults({ latencyMs: 1000 });
    const first = call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: true }, headers: { 'idempotency-key': k } });
    await eventually(() => sent(MODIFY) === 1, 'the first attempt to reach BroadWorks');
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
    const table = (await call<Filtering>(gw, 'GET', EXEC + 'filtering/')).json.criteria.filter(
      (c) => c.name === 'Idem two',
    );
    expect(table).toHaveLength(1);
  });

  it('After IDEMPOTENCY_TTL_S the key is forgotten', async () => {
    const k = key();
    expect(
      (await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: true }, headers: { 'idempotency-key': k } }))
        .status,
    ).toBe(200);
    clock += 1100;
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

describe('In-process idempotency records: bounds', () => {
  it('keeps at most maxKeys keys, dropping the least recently used', async () => {
    const records = new MemoryIdempotencyRecords({ maxKeys: 2 });
    let writes = 0;
    // One attempt on a key: a new key "runs" (a write) and stores its answer, a known one is replayed.
    const put = async (k: string): Promise<unknown> => {
      const begun = await records.begin(k, 'same body');
      if (begun.kind === 'started') {
        const body = JSON.stringify({ n: ++writes });
        await begun.claim.complete({ status: 200, body });
        return JSON.parse(body);
      }
      if (begun.kind !== 'replay') throw new Error(`unexpected ${begun.kind}`);
      return JSON.parse(begun.answer.body);
    };
    await put('a');
    await put('b');
    expect(await put('a')).toEqual({ n: 1 }); // replayed, and now most recently used
    await put('c'); // evicts b
    expect(records.size).toBe(2);
    expect(await put('a')).toEqual({ n: 1 });
    expect(await put('b')).toEqual({ n: 4 });
  });
});

describe('Idempotency-Key when the records cannot be stored', () => {
  it('an applied write answers its real outcome (not 503) when storing its answer fails, and the failure is logged', async () => {
    const stores = createProcessCoordination({ ociTimeoutMs: 10_000, idempotencyTtlMs: 60_000 });
    const records = stores.idempotency;
    // The shared store fails after the attempt has started (e.g. Redis went away meanwhile).
    stores.idempotency = {
      async begin(id, fingerprint) {
        const out = await records.begin(id, fingerprint);
        if (out.kind !== 'started') return out;
        return {
          kind: 'started',
          claim: {
            complete: () => Promise.reject(new CoordinationError('unavailable', 'Redis idempotency store failed')),
            abandon: () => out.claim.abandon(),
          },
        };
      },
    };
    const gw = await startGateway({ coordination: stores });
    try {
      const res = await call(gw, 'POST', EXEC + 'criteria/', {
        body: { name: 'Stored or not', filter: true },
        headers: { 'idempotency-key': 'store-fails' },
      });
      expect(res.status).toBe(200);
      expect((res.json as { name?: string }).name).toBe('Stored or not');
      expect(gw.sim.requestLog().filter((e) => e.commandTypes.includes(ADD))).toHaveLength(1);
      expect(gw.logs.some((l) => l.obj.event === 'idempotency-store-failed')).toBe(true);
    } finally {
      await gw.close();
    }
  });

  it('when the records cannot be read, a keyed write answers 503 coordination-unavailable and sends nothing', async () => {
    const stores = createProcessCoordination({ ociTimeoutMs: 10_000, idempotencyTtlMs: 60_000 });
    stores.idempotency = { begin: () => Promise.reject(new CoordinationError('unavailable', 'Redis down')) };
    const gw = await startGateway({ coordination: stores });
    try {
      gw.sim.clearRequestLog();
      const res = await call(gw, 'PUT', EXEC + 'screening/', {
        body: { enabled: true },
        headers: { 'idempotency-key': 'cannot-read' },
      });
      expect(res.status).toBe(503);
      expect((res.json as { type?: string }).type).toBe(PROBLEM + 'coordination-unavailable');
      expect(res.headers.get('retry-after')).toBe('1');
      expect(gw.sim.requestLog()).toEqual([]);
    } finally {
      await gw.close();
    }
  });
});
