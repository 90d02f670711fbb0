import fc from 'fast-check';
import { z } from 'zod';
import { serviceMappings } from '../../mappings';
import { compileMappings, type CompiledOperation } from '../../src/mapping/compile';
import type { ParsedValue } from '../../src/oci/command';
import { parseDocument } from '../../src/oci/document';
import { loadDemoData, type User } from '../../src/simulator/demo-data';
import { call, startGateway, type Gateway } from '../helpers/gateway';
import { invalidOf, validOf } from './zod-arbitrary';

/**
 * Property tests over every operation: path segments, body and content type come from
 * generators built from the mapping's own zod schemas (valid, one rule broken, or plain
 * hostile). The answer is a 200 matching the response schema or a 4xx problem+json, never
 * a 5xx; at least 30% of the cases reach the simulator; every document sent is checked
 * against the XSD by the global teardown.
 */

const OPS = compileMappings(serviceMappings);
// A fixed budget of cases shared by every registered operation (at least 60 each), so that the
// suite's time stays put as services are added; the seed changes per run, so runs add up.
const RUNS = Math.max(60, Math.round(4000 / OPS.length));
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const DEMO = loadDemoData();
const EXISTING_CRITERIA = ['VIP callers', 'After hours', 'Internal'];
const PROBLEM_JSON = /^application\/problem\+json/;

// Segments sent raw (not encoded): traversal and encoded-slash tricks, bad percent-encoding.
const RAW_SEGMENTS = [
  '..',
  '.',
  '%2F',
  'a%2Fb',
  '..%2F..%2Fadmin',
  '%2e%2e',
  '%00',
  '%',
  '%zz',
  '%E2%82',
  'a;b',
  '%0D%0Aset-cookie:x',
];

interface Case {
  segments: Record<string, { value: string; raw: boolean }>;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string };
}

function segmentArb(schema: z.ZodType, typical: string[]): fc.Arbitrary<{ value: string; raw: boolean }> {
  return fc.oneof(
    { weight: 40, arbitrary: fc.constantFrom(...typical).map((value) => ({ value, raw: false })) },
    { weight: 2, arbitrary: validOf(schema).map((v) => ({ value: String(v), raw: false })) },
    { weight: 1, arbitrary: invalidOf(schema).map((v) => ({ value: String(v), raw: false })) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((value) => ({ value, raw: true })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((value) => ({ value, raw: false })) },
  );
}

// Kept as text, so that a counterexample prints short.
const deep = fc.integer({ min: 50, max: 5000 }).map((n) => ({
  kind: 'raw' as const,
  text: '{"a":'.repeat(n) + '[1]' + '}'.repeat(n),
  contentType: 'application/json',
}));

function bodyArb(op: CompiledOperation): fc.Arbitrary<Case['body']> {
  const schema = op.mapping.body;
  const hostile = fc.oneof(
    fc.jsonValue().map((value) => ({ kind: 'json' as const, value })),
    deep,
    fc
      .constantFrom('x'.repeat(70_000), '{"a":"' + 'é'.repeat(40_000) + '"}')
      .map((text) => ({ kind: 'raw' as const, text, contentType: 'application/json' })),
    fc
      .constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded')
      .map((contentType) => ({ kind: 'raw' as const, text: '<a>&amp;</a>', contentType })),
    fc
      .string({ unit: 'binary', maxLength: 50 })
      .map((text) => ({ kind: 'raw' as const, text, contentType: 'application/json' })),
  );
  if (!schema)
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
      { weight: 2, arbitrary: hostile },
    );
  const json = (a: fc.Arbitrary<unknown>) => a.map((value) => ({ kind: 'json' as const, value }));
  return fc.oneof(
    { weight: 8, arbitrary: json(validOf(schema)) },
    { weight: 3, arbitrary: json(invalidOf(schema)) },
    { weight: 2, arbitrary: hostile },
  );
}

/** The first demo user that has the operation's service (its data set names it). */
function demoUserWith(op: CompiledOperation): User {
  const user = DEMO.users.find((u) => op.service === undefined || u.services.includes(op.service));
  if (!user) throw new Error(`no demo user has ${op.service}: name it in fixtures/demo-data.json`);
  return user;
}

function caseArb(op: CompiledOperation): fc.Arbitrary<Case> {
  const shape = op.pathParams.shape as Record<string, z.ZodType>;
  const user = demoUserWith(op);
  const typical: Record<string, string[]> = {
    tenant: [user.serviceProviderId],
    group: [user.groupId],
    user: [user.userId],
    name: EXISTING_CRITERIA,
  };
  const segments = fc.record(
    Object.fromEntries(Object.keys(shape).map((k) => [k, segmentArb(shape[k], typical[k] ?? ['x'])])),
  );
  return fc.record({ segments, body: bodyArb(op) });
}

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as on the wire). */
function pct(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9._~@-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : '%' + b.toString(16).toUpperCase().padStart(2, '0'),
    )
    .join('');
}

function urlOf(op: CompiledOperation, c: Case): string {
  return op.openApiPath.replace(/\{(\w+)\}/g, (_m, k: string) => {
    const s = c.segments[k];
    return s.raw ? s.value : pct(s.value);
  });
}

/** Where the sent body and the answer both hold a string at the same place, they must be equal. */
function sameStrings(sent: unknown, got: unknown, at = ''): string[] {
  if (typeof sent === 'string')
    return typeof got === 'string' && got !== sent
      ? [`${at}: sent ${JSON.stringify(sent)}, got ${JSON.stringify(got)}`]
      : [];
  if (!sent || typeof sent !== 'object' || Array.isArray(sent) || !got || typeof got !== 'object') return [];
  return Object.entries(sent).flatMap(([k, v]) =>
    k in got ? sameStrings(v, (got as Record<string, unknown>)[k], `${at}/${k}`) : [],
  );
}

/** Every text value of the documents that reached the simulator. */
function wireStrings(sent: { xml: string }[]): Set<string> {
  const out = new Set<string>();
  const walk = (v: ParsedValue) => {
    if (typeof v === 'string') out.add(v);
    else if (v) for (const list of Object.values(v)) list.forEach(walk);
  };
  for (const e of sent) for (const c of parseDocument(e.xml).commands) walk(c.body);
  return out;
}

// Strings the mappings translate or drop by design: schedule level (Tenant → Service Provider),
// schedule type (implied by the element), and PUT filtering criteria keys other than name.
const NOT_SENT_AS_IS = new Set(['level', 'type']);

/** The body's strings that must travel unchanged, with their JSON pointers. */
function bodyStrings(op: CompiledOperation, v: unknown, at = ''): { at: string; value: string }[] {
  if (typeof v === 'string') return [{ at, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => bodyStrings(op, x, `${at}/${i}`));
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => {
    if (NOT_SENT_AS_IS.has(k)) return [];
    if (/^\/criteria\/\d+$/.test(at) && k !== 'name') return [];
    return bodyStrings(op, x, `${at}/${k}`);
  });
}

describe('hostile input, every operation', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { LOG_LEVEL: 'silent' } });
  });
  afterAll(async () => gw.close());

  it.each(OPS.map((op) => [`${op.method.toUpperCase()} ${op.openApiPath}`, op] as const))(
    '%s',
    async (_name, op) => {
      let reached = 0;
      let runs = 0;
      const own = new Set(op.documents.flat().map((c) => c.type));
      await fc.assert(
        fc.asyncProperty(caseArb(op), async (c) => {
          runs += 1;
          if (op.isWrite) gw.sim.reset(); // fresh state, so created criteria never pile up
          const before = gw.sim.requestLog().length;
          const opts: Parameters<typeof call>[3] = {};
          if (c.body.kind === 'json') opts.rawBody = JSON.stringify(c.body.value);
          if (c.body.kind === 'raw') Object.assign(opts, { rawBody: c.body.text, contentType: c.body.contentType });
          const res = await call(gw, op.method.toUpperCase(), urlOf(op, c), opts);
          const sent = gw.sim.requestLog().slice(before);
          // Reached: past validation and membership, a command of the operation's own documents went out.
          if (sent.some((e) => e.commandTypes.some((t) => own.has(t)))) reached += 1;

          expect(res.status).toBeLessThan(500);
          if (res.status === 200) {
            expect(() => op.mapping.response.parse(res.json)).not.toThrow();
            expect(sent.length).toBeGreaterThan(0);
            if (c.body.kind === 'json' && op.method !== 'get') {
              expect(sameStrings(c.body.value, res.json)).toEqual([]);
              // Every accepted string travelled to BroadWorks exactly as the caller sent it.
              const wire = wireStrings(sent);
              expect(bodyStrings(op, c.body.value).filter((x) => !wire.has(x.value))).toEqual([]);
            }
          } else {
            expect(res.status).toBeGreaterThanOrEqual(400);
            expect(res.headers.get('content-type')).toMatch(PROBLEM_JSON);
            expect(res.json.status).toBe(res.status);
          }
          if (c.body.kind === 'raw' && c.body.contentType !== 'application/json') expect(res.status).toBe(415);
          if (c.body.kind === 'raw' && Buffer.byteLength(c.body.text) > 64 * 1024) expect(res.status).toBe(413);
          // A refused input never reaches BroadWorks.
          if (res.json?.type?.endsWith('/validation-error')) expect(sent).toEqual([]);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(runs).toBe(RUNS);
      expect(reached / runs).toBeGreaterThanOrEqual(0.3);
    },
    60_000,
  );
});

describe('accepted strings reach BroadWorks exactly', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { LOG_LEVEL: 'silent' } });
  });
  afterAll(async () => gw.close());

  it('XML metacharacters and astral characters in a PUT alerting come back unchanged and travel escaped', async () => {
    const base = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1%40acme.example.com/services/executive/alerting/';
    const name = `A<b>&"c' ]]> 😀 e\u0301`;
    gw.sim.clearRequestLog();
    const put = await call(gw, 'PUT', base, { body: { cliCustomName: name, cliCustomNameUnicode: '中文 𝄞 &amp;' } });
    expect(put.status).toBe(200);
    const got = await call(gw, 'GET', base);
    expect([got.json.cliCustomName, got.json.cliCustomNameUnicode]).toEqual([name, '中文 𝄞 &amp;']);
    const xml = gw.sim
      .requestLog()
      .find((e) => e.commandTypes.includes('UserExecutiveModifyScreeningAlertingRequest'))!.xml;
    expect(xml).toContain('A&lt;b&gt;&amp;');
    expect(xml).not.toContain('<b>');
  });
});

// fast-check prints the seed and the shrunk counterexample on failure; FC_SEED=<seed> replays it.
afterAll(() => process.stdout.write(`hostile-input seed: ${SEED}\n`));
