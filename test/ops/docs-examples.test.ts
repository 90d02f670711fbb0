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
}
type Doc = { paths: Record<string, Record<string, Operation>> };

let gw: Gateway;
let doc: Doc;
beforeAll(async () => {
  gw = await startGateway();
  doc = (await (await fetch(`${gw.url}/openapi.json`)).json()) as Doc;
});
afterAll(async () => gw.close());

function requests(): { id: string; method: string; path: string; body: unknown }[] {
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
});
