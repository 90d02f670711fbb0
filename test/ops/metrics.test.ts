import express from 'express';
import { createLogger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';
import type { OciClientStats as OciStats } from '../../src/oci/client';
import { listen } from './helpers/listen';
import { opsApp } from './helpers/ops-app';
import { waitFor } from './helpers/wait-for';

/** The value of one sample line of the Prometheus text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const body = line.slice(name.length).match(/^(?:\{(.*)\})?\s+(\S+)$/);
    if (!body) continue;
    const found = Object.fromEntries(
      [...(body[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(body[2]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  const metrics = createMetrics();
  const logger = createLogger('silent');
  let gw: Awaited<ReturnType<typeof listen>>;
  let stats: OciStats = { backends: [], logins: 0 };

  beforeAll(async () => {
    metrics.bindOciStats(() => stats);
    gw = await listen(opsApp({ logger, metrics, observer: metrics.ociObserver }));
  });
  afterAll(() => gw.close());

  const scrape = async () => {
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  it('When API requests were served, then they are counted by route template, never by raw path', async () => {
    for (const user of ['alice', 'bob', 'carol']) {
      expect((await fetch(`${gw.url}/api/v1/tenants/acme/users/${user}?documents=2`)).status).toBe(200);
    }
    expect((await fetch(`${gw.url}/no/such/path/alice`)).status).toBe(404);
    const route = '/api/v1/tenants/:tenantId/users/:userId';
    let text = '';
    await waitFor(async () => {
      text = await scrape();
      return sample(text, 'http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' }) === 1;
    }, 'the 404 to be counted');
    expect(sample(text, 'http_requests_total', { method: 'GET', route, status: '200' })).toBe(3);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route, status: '200' })).toBe(3);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    expect(text).not.toMatch(/alice|bob|carol|acme|no\/such/);
  });

  it('When OCI documents were exchanged, then commands, documents and documents per request are recorded', async () => {
    const before = sample(await scrape(), 'oci_documents_per_request_count') ?? 0;
    expect((await fetch(`${gw.url}/api/v1/tenants/acme/users/dave?documents=3`)).status).toBe(200);
    let text = '';
    await waitFor(async () => {
      text = await scrape();
      return sample(text, 'oci_documents_per_request_count') === before + 1;
    }, 'the request to be recorded');
    expect(sample(text, 'oci_commands_total', { command: 'UserExecutiveGetRequest', outcome: 'ok' })).toBe(9);
    expect(sample(text, 'oci_command_duration_seconds_count', { command: 'UserGetRequest22' })).toBe(9);
    expect(sample(text, 'oci_documents_total', { backend: 'http://bw.example/oci', outcome: 'ok' })).toBe(9);
    expect(sample(text, 'oci_documents_per_request_count')).toBe(before + 1);
    // 3 documents: not in the "le=2" bucket, in the "le=3" one.
    expect(
      sample(text, 'oci_documents_per_request_bucket', { le: '3' })! -
        sample(text, 'oci_documents_per_request_bucket', { le: '2' })!,
    ).toBe(1);
  });

  it('When the pool is scraped, then sessions, busy, waiting and breaker state come from stats() at that moment', async () => {
    stats = {
      backends: [
        { url: 'https://bw1.example/oci', breaker: 'closed', sessions: 4, busy: 3, waiting: 0 },
        { url: 'https://bw2.example/oci', breaker: 'open', sessions: 0, busy: 0, waiting: 7 },
      ],
      logins: 5,
    };
    let text = await scrape();
    expect(sample(text, 'oci_sessions', { backend: 'https://bw1.example/oci' })).toBe(4);
    expect(sample(text, 'oci_sessions_busy', { backend: 'https://bw1.example/oci' })).toBe(3);
    expect(sample(text, 'oci_requests_waiting', { backend: 'https://bw2.example/oci' })).toBe(7);
    expect(sample(text, 'oci_breaker_state', { backend: 'https://bw1.example/oci' })).toBe(0);
    expect(sample(text, 'oci_breaker_state', { backend: 'https://bw2.example/oci' })).toBe(2);
    stats = { ...stats, backends: [{ ...stats.backends[0], breaker: 'half-open', busy: 1 }] };
    text = await scrape();
    expect(sample(text, 'oci_breaker_state', { backend: 'https://bw1.example/oci' })).toBe(1);
    expect(sample(text, 'oci_sessions_busy', { backend: 'https://bw1.example/oci' })).toBe(1);
  });

  it('When the client reports logins and breaker changes, then they are counted', async () => {
    metrics.ociObserver.onLogin!({ backend: 'https://bw3.example/oci', ok: true });
    metrics.ociObserver.onLogin!({ backend: 'https://bw3.example/oci', ok: false });
    metrics.ociObserver.onLogin!({ backend: 'https://bw3.example/oci', ok: true });
    metrics.ociObserver.onBreakerState!({ backend: 'https://bw3.example/oci', state: 'open' });
    const text = await scrape();
    expect(sample(text, 'oci_logins_total', { backend: 'https://bw3.example/oci', result: 'ok' })).toBe(2);
    expect(sample(text, 'oci_logins_total', { backend: 'https://bw3.example/oci', result: 'failed' })).toBe(1);
    expect(sample(text, 'oci_breaker_state', { backend: 'https://bw3.example/oci' })).toBe(2);
  });

  it('When scraped, then the default process metrics are there too', async () => {
    const text = await scrape();
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('GET /metrics, client gone', () => {
  it('When the client hangs up before the answer, then the request is counted as aborted', async () => {
    const metrics = createMetrics();
    const app = express();
    app.use(metrics.httpMiddleware());
    app.use(metrics.route());
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    app.get('/hang/:id', () => arrived()); // never answers
    const gw = await listen(app);
    try {
      const abort = new AbortController();
      const pending = fetch(`${gw.url}/hang/42`, { signal: abort.signal }).catch(() => 'gave up');
      await arrival;
      abort.abort();
      expect(await pending).toBe('gave up');
      await waitFor(async () => {
        const text = await (await fetch(`${gw.url}/metrics`)).text();
        return sample(text, 'http_requests_total', { method: 'GET', route: '/hang/:id', status: 'aborted' }) === 1;
      }, 'the aborted request to be counted');
    } finally {
      await gw.close();
    }
  });
});
