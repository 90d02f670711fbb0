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
  test('every path parameter of an /api operation is pre-filled with the demo executive (its assistant on the assistant side)', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.values(item).map((op) => ({ path, op })));
    const assistantSide = ops.filter((o) => o.path.includes('/services/executive_assistant/')).map((o) => o.op);
    expect(assistantSide).toHaveLength(2);
    for (const op of assistantSide)
      expect(op.parameters?.find((p) => p.name === 'user')?.example).toBe('asst1@acme.example.com');
    const filled = ops
      .filter((o) => !o.path.includes('/services/executive_assistant/'))
      .map((o) => o.op)
      .flatMap((op) => op.parameters ?? [])
      .filter((p) => p.in === 'path')
      .map((p): [string, string | undefined] => [p.name, p.example]);
    expect(new Map(filled)).toEqual(
      new Map([
        ['tenant', 'acme-ent'],
        ['group', 'acme-hq'],
        ['user', 'exec1@acme.example.com'],
        ['name', 'VIP callers'],
      ]),
    );
  });

  // The refresh and logout examples hold a placeholder token (a real one comes from a login).
  test('every operation, sent with its examples on fresh demo data, succeeds', async () => {
    const all = requests().filter((r) => r.id !== 'refreshLogin' && r.id !== 'logout');
    expect(all).toHaveLength(16);
    const results: Record<string, number> = {};
    for (const r of all) {
      gw.sim.reset();
      const res = await call(gw, r.method, r.path, r.body === undefined ? {} : { body: r.body });
      results[`${r.id} ${r.method} ${r.path}`] = res.status;
    }
    expect(results).toEqual(Object.fromEntries(Object.keys(results).map((k) => [k, 200])));
  });
});
