import express from 'express';
import { createHealthRouter, type Readiness } from '../../src/http/health';
import { listen } from './helpers/listen';

describe('health endpoints', () => {
  let state: Readiness = { ready: false, reason: 'no OCI session logged in yet' };
  let gw: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    const app = express();
    app.use(createHealthRouter(() => state));
    gw = await listen(app);
  });
  afterAll(() => gw.close());

  it('When the process runs, then /healthz answers 200 even while not ready', async () => {
    const res = await fetch(`${gw.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('When the OCI client is not ready, then /readyz answers 503 problem+json with the reason', async () => {
    state = { ready: false, reason: 'no OCI session logged in yet' };
    const res = await fetch(`${gw.url}/readyz`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ status: 503, title: 'Not Ready', detail: 'no OCI session logged in yet' });
  });

  it('When the OCI client becomes ready, then /readyz answers 200, and 503 again once it is not', async () => {
    state = { ready: true };
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
    state = { ready: false, reason: 'last OCI exchange older than 5 s' };
    const res = await fetch(`${gw.url}/readyz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toBe('last OCI exchange older than 5 s');
  });
});
