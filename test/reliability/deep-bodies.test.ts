import { deflateSync, gzipSync } from 'node:zlib';
import { request } from 'undici';
import { MAX_JSON_DEPTH } from '../../src/http/json-depth';
import { startSimulator, type Simulator } from '../../src/simulator';
import { healthy, simulatorEnv, spawnGateway, type GatewayProcess } from '../helpers/gateway-process';
import { registeredRoutes, systemToken } from '../helpers/route-registry';
import { withoutKeepAlives } from '../helpers/keep-alives';

/**
 * Bodies nested far deeper than any walk over them could survive, sent to the gateway process
 * (the one main.ts runs) on every route that takes a body, open and authenticated: each is
 * refused 400 body-too-deep naming its depth (not 413: they fit the body limit), plain, gzip and
 * deflate, with and without an Idempotency-Key, nothing reaches BroadWorks, and after each the
 * process still answers /healthz and has logged nothing at fatal.
 */

const SECRET = 'deep-bodies-suite-secret-9f2c4e7a1b3d5f60';
const MiB = 1024 * 1024;
const ROUTES = registeredRoutes().filter((r) => r.bodySchema !== undefined);
const ENCODINGS = {
  identity: (b: Buffer) => b,
  gzip: (b: Buffer) => gzipSync(b),
  deflate: (b: Buffer) => deflateSync(b),
};

type Shape = 'invalid' | 'valid';
/** `{"a":` and `depth - 1` brackets: unclosed (invalid JSON) or closed (valid JSON). */
function deepBody(depth: number, shape: Shape): Buffer {
  const open = '{"a":' + '['.repeat(depth - 1);
  return Buffer.from(shape === 'invalid' ? open : open + ']'.repeat(depth - 1) + '}');
}

describe('bodies nested beyond the limit, sent to the gateway process', () => {
  let sim: Simulator;
  let token: string;
  // Two gateway processes, started side by side: the default body limit and 1 MiB.
  let atDefault: GatewayProcess;
  let atOneMiB: GatewayProcess;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true });
    token = await systemToken(SECRET);
    [atDefault, atOneMiB] = await Promise.all([
      spawnGateway(backend()),
      spawnGateway({ ...backend(), BODY_LIMIT_BYTES: String(MiB) }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await atDefault?.kill();
    await atOneMiB?.kill();
    await sim?.close();
  });

  const backend = () => simulatorEnv(sim.url, SECRET);

  async function refusesEverywhere(gw: GatewayProcess, depth: number, shape: Shape, limit: number) {
    const plain = deepBody(depth, shape);
    expect(plain.length).toBeLessThanOrEqual(limit);
    const before = sim.requestLog().length;
    for (const [encoding, encode] of Object.entries(ENCODINGS)) {
      const body = encode(plain);
      for (const route of ROUTES) {
        for (const idempotencyKey of [undefined, `deep-${depth}-${shape}-${encoding}`]) {
          // undici's request, not fetch: the APIO document sends a JSON body on a GET.
          const res = await request(gw.base + route.path, {
            method: route.method,
            headers: {
              'content-type': 'application/json',
              'content-encoding': encoding,
              ...(route.authenticated ? { authorization: `Bearer ${token}` } : {}),
              ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
            },
            body,
          });
          const problem = (await res.body.json()) as { type: string; depth: number; maxDepth: number };
          const what = `${route.method} ${route.template} ${encoding} ${idempotencyKey ? 'with' : 'without'} key`;
          expect({ what, status: res.statusCode, type: problem.type, depth: problem.depth }).toEqual({
            what,
            status: 400,
            type: 'https://oci-gateway.dev/problems/body-too-deep',
            depth,
          });
          expect(problem.maxDepth).toBe(MAX_JSON_DEPTH);
          expect({ what, healthy: await healthy(gw), fatal: gw.fatalOutput() }).toEqual({
            what,
            healthy: true,
            fatal: [],
          });
        }
      }
    }
    expect(withoutKeepAlives(sim.requestLog().slice(before))).toEqual([]);
  }

  describe('at the default body limit (64 KiB)', () => {
    // A valid body costs two bytes per level: 60 000 levels only fit the larger limit below.
    it.each([
      [1_000, 'invalid'],
      [1_000, 'valid'],
      [10_000, 'invalid'],
      [10_000, 'valid'],
      [30_000, 'valid'],
      [60_000, 'invalid'],
    ] as [number, Shape][])('depth %i, %s JSON', (depth, shape) =>
      refusesEverywhere(atDefault, depth, shape, 64 * 1024),
    );
  });

  describe('with BODY_LIMIT_BYTES at 1 MiB', () => {
    it.each([
      [60_000, 'valid'],
      [100_000, 'invalid'],
      [100_000, 'valid'],
    ] as [number, Shape][])('depth %i, %s JSON', (depth, shape) => refusesEverywhere(atOneMiB, depth, shape, MiB));
  });
});
