import { eventually } from '../helpers/eventually';
import { startGateway, userBase, type Gateway } from '../helpers/gateway';

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

const USERS = ['exec1@acme.example.com', 'exec2@acme.example.com', 'exec3@beta.example.com'];
const alerting = (user: string) =>
  userBase(
    user.endsWith('beta.example.com') ? 'beta-sp' : 'acme-ent',
    user.startsWith('exec3') ? 'beta-main' : 'acme-hq',
    user,
  ) + 'services/executive/alerting/';
const EXEC1 = userBase('acme-ent', 'acme-hq', USERS[0]) + 'services/executive/';
const ROUTE = '/api/v1/tenants/:tenant/groups/:group/users/:user/services/executive/alerting{/}';

/** The whole gateway with its metrics, as main.ts wires them. */
function withMetrics(env: Record<string, string> = {}): Promise<Gateway> {
  return startGateway({ metrics: true, env });
}

const scrapeOf = (gw: Gateway) => async () => {
  const res = await fetch(`${gw.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
};

describe('GET /metrics', () => {
  let gw: Gateway;
  let scrape: () => Promise<string>;
  beforeAll(async () => {
    gw = await withMetrics();
    scrape = scrapeOf(gw);
  });
  afterAll(() => gw.close());
  const get = async (path: string) =>
    fetch(gw.url + path, { headers: { authorization: `Bearer ${await gw.token()}` } });

  it('When API requests were served, then they are counted by route template, never by raw path', async () => {
    for (const user of USERS) expect((await get(alerting(user))).status).toBe(200);
    expect((await fetch(`${gw.url}/no/such/path/alice`)).status).toBe(404);
    let text = '';
    await eventually(async () => {
      text = await scrape();
      return sample(text, 'http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' }) === 1;
    }, 'the 404 to be counted');
    expect(sample(text, 'http_requests_total', { method: 'GET', route: ROUTE, status: '200' })).toBe(3);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: ROUTE, status: '200' })).toBe(3);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    expect(text).not.toMatch(/exec1|exec2|exec3|acme|beta-sp|alice|no\/such/);
  });

  it('When a request to a route is refused before its handler (no token), then it is counted under that route', async () => {
    expect((await fetch(gw.url + alerting(USERS[1]))).status).toBe(401);
    await eventually(
      async () => sample(await scrape(), 'http_requests_total', { method: 'GET', route: ROUTE, status: '401' }) === 1,
      'the 401 to be counted under the route',
    );
  });

  it('When OCI documents were exchanged, then commands, documents and documents per request are recorded', async () => {
    expect((await get(EXEC1 + 'screening/')).status).toBe(200); // the membership check is cached from here on
    const before = await scrape();
    const at = (text: string, name: string, labels: Record<string, string> = {}) => sample(text, name, labels) ?? 0;
    const CRITERIA = 'UserExecutiveGetFilteringSelectiveCriteriaRequest21';
    // Settings and table in one document, then the three criteria in one more.
    expect((await get(EXEC1 + 'filtering/')).status).toBe(200);
    let text = '';
    await eventually(async () => {
      text = await scrape();
      return at(text, 'oci_documents_per_request_count') === at(before, 'oci_documents_per_request_count') + 1;
    }, 'the request to be recorded');
    const delta = (name: string, labels: Record<string, string> = {}) =>
      at(text, name, labels) - at(before, name, labels);
    expect(delta('oci_commands_total', { command: CRITERIA, outcome: 'ok' })).toBe(3);
    expect(delta('oci_command_duration_seconds_count', { command: CRITERIA })).toBe(3);
    expect(delta('oci_commands_total', { command: 'UserExecutiveGetFilteringRequest', outcome: 'ok' })).toBe(1);
    expect(delta('oci_documents_total', { backend: gw.sim.url, outcome: 'ok' })).toBe(2);
    expect(delta('oci_documents_per_request_count')).toBe(1);
    // 2 documents: not in the "le=1" bucket, in the "le=2" one.
    expect(
      delta('oci_documents_per_request_bucket', { le: '2' }) - delta('oci_documents_per_request_bucket', { le: '1' }),
    ).toBe(1);
  });

  it('When the pool is scraped, then sessions, busy, waiting and breaker state come from stats() at that moment', async () => {
    let text = await scrape();
    const backend = gw.sim.url;
    const [now] = gw.oci.stats().backends;
    expect(sample(text, 'oci_sessions', { backend })).toBe(now.sessions);
    expect(now.sessions).toBeGreaterThan(0);
    expect(sample(text, 'oci_sessions_busy', { backend })).toBe(0);
    expect(sample(text, 'oci_requests_waiting', { backend })).toBe(0);
    expect(sample(text, 'oci_breaker_state', { backend })).toBe(0);
    // A slow backend holds a request on its session: the scrape sees it busy.
    await gw.sim.setFaults({ latencyMs: 1000 });
    try {
      const slow = get(EXEC1 + 'alerting/');
      await eventually(() => gw.oci.stats().backends[0].busy === 1, 'a session to be busy');
      text = await scrape();
      expect(sample(text, 'oci_sessions_busy', { backend })).toBe(1);
      expect((await slow).status).toBe(200);
    } finally {
      await gw.sim.setFaults({ latencyMs: 0 });
    }
  });

  it('When scraped, then the default process metrics are there too', async () => {
    const text = await scrape();
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('GET /metrics, logins and the breaker', () => {
  it('When the client reports logins and breaker changes, then they are counted', async () => {
    const gw = await withMetrics({ OCI_BREAKER_RESET_MS: '60000' });
    try {
      const scrape = scrapeOf(gw);
      const backend = gw.sim.url;
      expect(sample(await scrape(), 'oci_logins_total', { backend, result: 'ok' })).toBe(gw.oci.stats().logins);
      // BroadWorks goes away: requests fail until the breaker opens.
      await gw.sim.setFaults({ down: true });
      const token = await gw.token();
      await eventually(async () => {
        await fetch(gw.url + EXEC1 + 'alerting/', { headers: { authorization: `Bearer ${token}` } });
        return gw.oci.stats().backends[0].breaker === 'open';
      }, 'the breaker to open');
      expect(sample(await scrape(), 'oci_breaker_state', { backend })).toBe(2);
    } finally {
      await gw.close();
    }
  });

  it('When a login is refused, then it is counted as refused', async () => {
    const gw = await withMetrics({ OCI_PASSWORD: 'not-the-admin-password' });
    try {
      const scrape = scrapeOf(gw);
      await eventually(
        async () => (sample(await scrape(), 'oci_logins_total', { backend: gw.sim.url, result: 'refused' }) ?? 0) >= 1,
        'the refused login to be counted',
      );
      expect(sample(await scrape(), 'oci_logins_total', { backend: gw.sim.url, result: 'ok' }) ?? 0).toBe(0);
    } finally {
      await gw.close();
    }
  });
});

describe('GET /metrics, client gone', () => {
  it('When the client hangs up before the answer, then the request is counted as aborted', async () => {
    const gw = await withMetrics();
    try {
      // BroadWorks answers late; the client gives up before that.
      await gw.sim.setFaults({ latencyMs: 2000 });
      gw.sim.clearRequestLog();
      const abort = new AbortController();
      const pending = fetch(gw.url + EXEC1 + 'alerting/', {
        signal: abort.signal,
        headers: { authorization: `Bearer ${await gw.token()}` },
      }).catch(() => 'gave up');
      await eventually(() => gw.sim.requestLog().length > 0, 'the request to reach BroadWorks');
      abort.abort();
      expect(await pending).toBe('gave up');
      await eventually(async () => {
        const text = await (await fetch(`${gw.url}/metrics`)).text();
        return sample(text, 'http_requests_total', { method: 'GET', route: ROUTE, status: 'aborted' }) === 1;
      }, 'the aborted request to be counted');
    } finally {
      await gw.sim.setFaults({ latencyMs: 0 });
      await gw.close();
    }
  });
});
