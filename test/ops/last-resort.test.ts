import { join } from 'node:path';
import { request } from 'undici';
import { UNCAUGHT_EXIT_CODE } from '../../src/last-resort';
import { startSimulator, type Simulator } from '../../src/simulator';
import { eventually } from '../helpers/eventually';
import { simulatorEnv, spawnGateway } from '../helpers/gateway-process';
import { systemToken } from '../helpers/route-registry';

const SECRET = 'last-resort-suite-secret-3c8e1f5a7b9d2e40';
const PLANTED = 'planted-secret-7f3a';
const PRELOAD = join(__dirname, 'fixtures', 'uncaught-on-signal.js');
const READ = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1%40acme.example.com/services/executive/filtering/';

interface LogLine {
  level: string;
  msg: string;
  event?: string;
  errorClass?: string;
  frames?: string[];
}

describe('an error nothing caught, in the gateway process', () => {
  // Both kinds at once, each with its own simulator (one process start each, side by side).
  it.concurrent.each(['exception', 'rejection'])(
    'an uncaught %s: fatal line without its message, no new connection, the request in flight answered, OCI logout, exit non-zero',
    async (kind) => {
      const sim: Simulator = await startSimulator({ quiet: true });
      const gw = await spawnGateway(
        {
          ...simulatorEnv(sim.url, SECRET),
          LOG_LEVEL: 'info',
          SHUTDOWN_GRACE_MS: '20000',
          UNCAUGHT_KIND: kind,
        },
        { nodeArgs: ['-r', PRELOAD] },
      );
      try {
        // A read held by BroadWorks while the error strikes.
        await sim.setFaults({ latencyMs: 1500 });
        const before = sim.requestLog().length;
        const inFlight = request(gw.base + READ, { headers: { authorization: `Bearer ${await systemToken(SECRET)}` } });
        await eventually(
          () =>
            sim
              .requestLog()
              .slice(before)
              .some((e) => e.commandTypes.some((t) => t.startsWith('UserExecutive'))),
          'the read to reach BroadWorks',
        );
        gw.child.kill('SIGUSR2');
        await eventually(() => gw.stdout().includes('"level":"fatal"'), 'the fatal line');
        // It stopped accepting at once: no new request is served.
        await expect(fetch(`${gw.base}/healthz`)).rejects.toThrow();
        const answer = await inFlight;
        expect(answer.statusCode).toBe(200);
        await answer.body.dump();
        expect(await gw.exited).toBe(UNCAUGHT_EXIT_CODE);
      } finally {
        await gw.kill();
        await sim.close();
      }
      const lines = gw
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as LogLine);
      const fatal = lines.filter((l) => l.level === 'fatal');
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toMatchObject({
        event: kind === 'exception' ? 'uncaughtException' : 'unhandledRejection',
        errorClass: 'Error',
      });
      expect(fatal[0].frames!.length).toBeGreaterThan(0);
      expect(lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining(['shutdown: draining', 'shutdown: HTTP server closed', 'shutdown: OCI sessions closed']),
      );
      expect(gw.stdout() + gw.stderr()).not.toContain(PLANTED);
      expect(sim.requestLog().flatMap((e) => e.commandTypes)).toContain('LogoutRequest');
    },
    60_000,
  );
});
