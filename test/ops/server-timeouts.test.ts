import { connect } from 'node:net';
import { request } from 'undici';
import { startSimulator, type Simulator } from '../../src/simulator';
import { healthy, simulatorEnv, spawnGateway, type GatewayProcess } from '../helpers/gateway-process';
import { systemToken } from '../helpers/route-registry';

/**
 * The gateway process bounds how long a client may take to send its request (408, connection
 * closed) and nothing else: an answer slower than the request bound is still delivered.
 */

const SECRET = 'server-timeouts-suite-secret-4a7d0e2c9f1b6385';
const READ = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1%40acme.example.com/services/executive/filtering/';

/** Writes `chunks` on a raw connection and keeps it open; resolves with all it received once the gateway closes it. */
function rawExchange(base: string, chunks: string[]): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = connect(Number(port), hostname, () => {
      for (const c of chunks) socket.write(c);
    });
    socket.on('data', (d: Buffer) => (got += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(got));
  });
}

describe('server timeouts of the gateway process', () => {
  let sim: Simulator;
  let gw: GatewayProcess;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true });
    gw = await spawnGateway({
      ...simulatorEnv(sim.url, SECRET),
      HTTP_HEADERS_TIMEOUT_MS: '400',
      HTTP_REQUEST_TIMEOUT_MS: '800',
    });
  }, 60_000);
  afterAll(async () => {
    await gw?.kill();
    await sim?.close();
  });

  it('a body that never completes gets 408 and its connection closed; the process serves on', async () => {
    const answer = await rawExchange(gw.base, [
      'POST /api/v1/login/ HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"userId":',
    ]);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(await healthy(gw)).toBe(true);
  });

  it('headers that never complete get 408 and the connection closed', async () => {
    const answer = await rawExchange(gw.base, ['GET /healthz HTTP/1.1\r\nHost: gw\r\n']);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(await healthy(gw)).toBe(true);
  });

  it('an answer that takes longer than the request bound (BroadWorks slow) is still 200', async () => {
    // The simulator holds every reply 1 s: longer than HTTP_REQUEST_TIMEOUT_MS.
    await sim.setFaults({ latencyMs: 1000 });
    try {
      const res = await request(gw.base + READ, { headers: { authorization: `Bearer ${await systemToken(SECRET)}` } });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    } finally {
      await sim.setFaults({ latencyMs: 0 });
    }
    expect(gw.fatalOutput()).toEqual([]);
  });

  it('idle keep-alive connections stay open 65 s by default, longer than a balancer keeps them', async () => {
    const res = await request(`${gw.base}/healthz`);
    await res.body.dump();
    expect(res.headers['keep-alive']).toBe('timeout=65');
  });
});
