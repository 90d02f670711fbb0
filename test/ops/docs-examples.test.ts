import { serviceMappings } from '../../mappings';
import { compileMappings } from '../../src/mapping/compile';
import { loadDemoData } from '../../src/simulator/demo-data';
import { call, startGateway, type Gateway } from '../helpers/gateway';

/**
 * The /docs page as shipped: "Try it out" fills path parameters and bodies from the examples of
 * /openapi.json. Each example, sent as the page sends it, must succeed on the demo data.
 */

interface Parameter {
  in: string;
  name: string;
  example?: string;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { example?: unknown } } };
  responses: Record<string, { headers?: Record<string, unknown> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

let gw: Gateway;
let doc: Doc;
beforeAll(async () => {
  gw = await startGateway();
  doc = (await (await fetch(`${gw.url}/openapi.json`)).json()) as Doc;
});
afterAll(async () => gw.close());

function requests(): { id: string; method: string; path: string; body: unknown; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, op]) => {
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const p = op.parameters?.find((x) => x.in === 'path' && x.name === name);
        if (p?.example === undefined) throw new Error(`${op.operationId}: no example for {${name}}`);
        return encodeURIComponent(p.example);
      });
      return {
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content['application/json'].example,
        op,
      };
    }),
  );
}

describe('the examples of /docs against the demo data', () => {
  test('every path parameter of an /api operation is pre-filled: tenant, group and user name a demo user that has its service', () => {
    const users = new Map(loadDemoData().users.map((u) => [u.userId, u]));
    const operations = compileMappings(serviceMappings);
    for (const o of operations) {
      const op = doc.paths[o.openApiPath][o.method];
      const example = (name: string) => op.parameters?.find((p) => p.in === 'path' && p.name === name)?.example;
      for (const name of Object.keys(o.pathParams.shape))
        expect([o.openApiPath, name, example(name)]).not.toContain(undefined);
      const user = users.get(example('user') ?? '');
      expect([o.openApiPath, user?.serviceProviderId, user?.groupId]).toEqual([
        o.openApiPath,
        example('tenant'),
        example('group'),
      ]);
      if (o.service)
        expect([o.openApiPath, user?.services]).toEqual([o.openApiPath, expect.arrayContaining([o.service])]);
    }
  });

  // The refresh and logout examples hold a placeholder token (a real one comes from a login).
  test('every operation, sent with its examples on fresh demo data, succeeds', async () => {
    const all = requests().filter((r) => r.id !== 'refreshLogin' && r.id !== 'logout');
    // Every registered operation, and the login.
    expect(all).toHaveLength(compileMappings(serviceMappings).length + 1);
    const results: Record<string, number> = {};
    for (const r of all) {
      gw.sim.reset();
      const res = await call(gw, r.method, r.path, r.body === undefined ? {} : { body: r.body });
      results[`${r.id} ${r.method} ${r.path}`] = res.status;
    }
    expect(results).toEqual(Object.fromEntries(Object.keys(results).map((k) => [k, 200])));
  });

  // What typed clients read: the headers each answer declares are the ones it carries.
  test('every operation answers the success headers its document declares (ETag, Location), and a replay adds Idempotent-Replayed', async () => {
    const sent = ['etag', 'location', 'idempotent-replayed'];
    const all = requests().filter((r) => r.path.startsWith('/api/v1/tenants/'));
    const declared = (r: (typeof all)[number]) =>
      Object.keys(r.op.responses['200']?.headers ?? {})
        .map((h) => h.toLowerCase())
        .sort();
    // The document declares each of them somewhere, or this test would prove little.
    expect([...new Set(all.flatMap(declared))].sort()).toEqual([...sent].sort());
    for (const r of all) {
      gw.sim.reset();
      const key = { 'Idempotency-Key': `headers-${r.id}` };
      const replays = declared(r).includes('idempotent-replayed');
      const body = r.body === undefined ? {} : { body: r.body };
      const first = await call(gw, r.method, r.path, { ...body, headers: replays ? key : {} });
      expect([r.id, first.status]).toEqual([r.id, 200]);
      const carried = sent.filter((h) => first.headers.has(h));
      expect([r.id, carried]).toEqual([r.id, declared(r).filter((h) => h !== 'idempotent-replayed')]);
      if (!replays) continue;
      const again = await call(gw, r.method, r.path, { ...body, headers: key });
      expect([r.id, again.headers.get('idempotent-replayed')]).toEqual([r.id, 'true']);
      for (const h of carried) expect([r.id, h, again.headers.get(h)]).toEqual([r.id, h, first.headers.get(h)]);
    }
  });

  test('the Location of a created criteria is the path its GET reads it at', async () => {
    const create = requests().find((r) => r.op.responses['200']?.headers?.Location !== undefined);
    expect(create).toBeDefined();
    gw.sim.reset();
    const res = await call(gw, create!.method, create!.path, { body: create!.body });
    expect(res.status).toBe(200);
    const location = res.headers.get('location')!;
    expect(location.startsWith(create!.path)).toBe(true);
    const read = await call(gw, 'GET', location);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(res.json);
  });
});
