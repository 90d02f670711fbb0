import { eventually } from '../helpers/eventually';
import { startGateway, type Gateway } from '../helpers/gateway';
import { json, type Problem } from '../helpers/http';

describe('health endpoints of the whole gateway', () => {
  let gw: Gateway;
  // The readiness window's clock: moved instead of waiting the window out.
  let clock = Date.now();

  beforeAll(async () => {
    // BroadWorks refuses connections before the gateway starts: no OCI session can log in.
    gw = await startGateway({
      primaryUrl: async (sim) => {
        await sim.setFaults({ down: true });
        return sim.url;
      },
      readinessNow: () => clock,
    });
  });
  afterAll(() => gw.close());

  it('When the process runs, then /healthz answers 200 even while not ready', async () => {
    const res = await fetch(`${gw.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok' });
  });

  it('When the OCI client is not ready, then /readyz answers 503 problem+json with the reason', async () => {
    const res = await fetch(`${gw.url}/readyz`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const problem = await json<Problem>(res);
    expect(problem).toMatchObject({ status: 503, title: 'Not Ready' });
    expect(problem.detail).toBe(gw.oci.readiness().reason);
  });

  it('When the OCI client becomes ready, then /readyz answers 200, and 503 again once it is not', async () => {
    await gw.sim.setFaults({ down: false });
    // The client logs in again on its own (its recovery probe), with no request.
    await eventually(async () => (await fetch(`${gw.url}/readyz`)).status === 200, 'the gateway to be ready', {
      withinMs: 10_000,
      everyMs: 20,
    });
    // BroadWorks goes away, and the last exchange leaves the readiness window (5 s).
    await gw.sim.setFaults({ down: true });
    clock += 5001;
    const res = await fetch(`${gw.url}/readyz`);
    expect(res.status).toBe(503);
    expect((await json<Problem>(res)).detail).toBe('no recent exchange; probing');
  });
});
