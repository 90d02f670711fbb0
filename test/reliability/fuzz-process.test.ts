import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { deflateSync, gzipSync } from 'node:zlib';
import { request } from 'undici';
import { startSimulator, type Simulator } from '../../src/simulator';
import { healthy, simulatorEnv, spawnGateway, type GatewayProcess } from '../helpers/gateway-process';
import { OPENAPI, registeredRoutes, systemToken, type RegisteredRoute } from '../helpers/route-registry';
import { withoutKeepAlives } from '../helpers/keep-alives';

/**
 * Random byte strings and random JSON shapes, plain or compressed (or as a broken gzip stream),
 * thrown at every route of the gateway's own OpenAPI document, against the gateway process: never
 * a 5xx; whenever the route's schema refuses the body (or it is no JSON object or array at all),
 * a 4xx and nothing sent to BroadWorks; the process answers /healthz after every request and
 * logs nothing at fatal.
 */

const RUNS = Number(process.env.FC_RUNS ?? 500);
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const SECRET = 'fuzz-process-suite-secret-6d0b2f4a8c1e3579';
const ROUTES = registeredRoutes();

const ajv = new Ajv2020({ strict: false, unicodeRegExp: true });
ajv.addSchema(OPENAPI, 'openapi.json');
/** Whether the route's published schema accepts the value (true when the route takes no body). */
function schemaAccepts(route: RegisteredRoute, value: unknown): boolean {
  if (!route.bodySchemaPointer) return true;
  const validate = ajv.getSchema(`openapi.json#${route.bodySchemaPointer}`);
  if (!validate) throw new Error(`no schema at ${route.bodySchemaPointer}`);
  return validate(value) as boolean;
}

type Encoding = 'identity' | 'gzip' | 'deflate' | 'broken-gzip';
interface Case {
  route: RegisteredRoute;
  body: Buffer;
  contentType: string;
  encoding: Encoding;
  idempotencyKey?: string;
}

const jsonBody = fc
  .oneof(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ depthSize: 'xlarge', maxDepth: 100 }))
  .map((v) => Buffer.from(JSON.stringify(v) ?? 'null'));
const byteBody = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));
const caseArb: fc.Arbitrary<Case> = fc.record(
  {
    route: fc.constantFrom(...ROUTES),
    body: fc.oneof(jsonBody, byteBody),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=utf-16le',
      'application/problem+json',
      'application/json; charset=latin1',
      'text/plain',
    ),
    encoding: fc.constantFrom<Encoding>('identity', 'identity', 'gzip', 'deflate', 'broken-gzip'),
    idempotencyKey: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
  },
  { requiredKeys: ['route', 'body', 'contentType', 'encoding'] },
);

function encode(c: Case): Buffer {
  if (c.encoding === 'gzip') return gzipSync(c.body);
  if (c.encoding === 'deflate') return deflateSync(c.body);
  return c.body;
}

/** The body as the gateway's parser reads it: a JSON object or array, or undefined when it is none. */
function parsedBody(c: Case): unknown {
  if (c.encoding === 'broken-gzip' || !/^application\/(json|problem\+json)(;|$)/.test(c.contentType)) return undefined;
  const charset = /charset=([\w-]+)/.exec(c.contentType)?.[1] ?? 'utf-8';
  if (charset === 'latin1') return undefined;
  // body-parser's decoder (iconv-lite) drops a trailing odd byte of UTF-16.
  const bytes = charset === 'utf-16le' ? c.body.subarray(0, c.body.length & ~1) : c.body;
  let text = new TextDecoder(charset).decode(bytes);
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  // body-parser reads an empty text as {}.
  if (text === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

describe('random bodies on every route, against the gateway process', () => {
  let sim: Simulator;
  let gw: GatewayProcess;
  let token: string;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true });
    token = await systemToken(SECRET);
    gw = await spawnGateway({
      ...simulatorEnv(sim.url, SECRET),
      // No keep-alive probe during the run: every document the simulator sees was caused by a request.
      OCI_KEEPALIVE_MS: '3600000',
    });
  }, 60_000);
  afterAll(async () => {
    await gw?.kill();
    await sim?.close();
  });

  it('every route is in the run', () => {
    expect(ROUTES.length).toBeGreaterThan(10);
    expect(ROUTES.some((r) => !r.authenticated)).toBe(true);
  });

  it('no 5xx, a refused body sends nothing, the process lives on', async () => {
    let refusedCases = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const before = sim.requestLog().length;
        const wire = encode(c);
        const res = await request(gw.base + c.route.path, {
          method: c.route.method,
          headers: {
            'content-type': c.contentType,
            'content-encoding': c.encoding === 'broken-gzip' ? 'gzip' : c.encoding,
            ...(c.route.authenticated ? { authorization: `Bearer ${token}` } : {}),
            ...(c.idempotencyKey ? { 'idempotency-key': c.idempotencyKey } : {}),
          },
          body: wire,
        });
        await res.body.dump();
        const sent = withoutKeepAlives(sim.requestLog().slice(before));
        const value = parsedBody(c);
        // Nothing on the wire is no body: refused only where the operation requires one.
        const refused =
          wire.length === 0
            ? c.route.bodyRequired
            : value === undefined || (c.route.bodySchema !== undefined && !schemaAccepts(c.route, value));
        expect(res.statusCode).toBeLessThan(500);
        if (refused) {
          refusedCases += 1;
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expect(sent).toEqual([]);
        }
        expect(await healthy(gw)).toBe(true);
        expect(gw.fatalOutput()).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(refusedCases).toBeGreaterThan(RUNS / 2);
  }, 120_000);
});
