import type { OciClient } from '../../../src/oci/client';
import type { OciError } from '../../../src/oci/errors';
import { startSimulator, type Simulator } from '../../../src/simulator';
import { SIMULATOR_ADMIN } from '../../../src/config';
import type { OciClientOptions } from '../../../src/oci/client';

/** Client options for tests: the simulator's admin, small timers, nothing unref'd left behind. */
export function testOptions(urls: string[], over: Partial<OciClientOptions> = {}): OciClientOptions {
  return {
    urls,
    username: SIMULATOR_ADMIN.username,
    password: SIMULATOR_ADMIN.password,
    login: 'auto',
    allowPlainPasswordOverHttp: false,
    sessions: 2,
    timeoutMs: 2000,
    breakerResetMs: 200,
    queueMax: 100,
    sessionMaxAgeMs: 3600_000,
    keepAliveMs: 60_000,
    connectTimeoutMs: 1000,
    loginBackoffMs: { initial: 50, max: 400 },
    ...over,
  };
}

export const READ = { type: 'VerifySessionIsValidRequest', body: {} };
export const WRITE = {
  type: 'UserExecutiveModifyFilteringRequest',
  body: { userId: 'exec1@acme.example.com', enableFiltering: 'true' },
};

/** The OciError a promise rejects with; fails the test when it resolves. */
export const failure = (p: Promise<unknown>): Promise<OciError> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: OciError) => e,
  );

/** How many documents carrying a command of `type` reached the simulator. */
export const sent = (sim: Simulator, type: string): number =>
  sim.requestLog().filter((e) => e.commandTypes.includes(type)).length;

/**
 * A simulator (fresh for each test, or one for the file with `perFile`) and the client the
 * test puts in `client`, closed after each test.
 */
export function simulatorPerTest(opts: { perFile?: boolean } = {}): { sim: Simulator; client?: OciClient } {
  const t = {} as { sim: Simulator; client?: OciClient };
  const start = async () => {
    t.sim = await startSimulator({ quiet: true });
  };
  const stop = () => t.sim.close();
  if (opts.perFile) beforeAll(start);
  else beforeEach(start);
  afterEach(async () => {
    await t.client?.close();
    t.client = undefined;
    if (!opts.perFile) await stop();
  });
  if (opts.perFile) afterAll(stop);
  return t;
}
