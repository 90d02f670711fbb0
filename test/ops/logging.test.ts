import { createLogger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';
import { combineObservers, createOciLogObserver } from '../../src/observability/oci-log-observer';
import { listen } from './helpers/listen';
import { logSink } from './helpers/log-sink';
import { opsApp } from './helpers/ops-app';
import { waitFor } from './helpers/wait-for';

describe('structured logs and request ids', () => {
  const sink = logSink();
  const logger = createLogger('debug', sink.stream);
  const metrics = createMetrics();
  const observer = combineObservers(metrics.ociObserver, createOciLogObserver(logger));
  let gw: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    gw = await listen(opsApp({ logger, metrics, observer }));
  });
  afterAll(() => gw.close());

  const linesFor = (id: string) => sink.lines().filter((l) => l.requestId === id);

  it('When a caller sends a valid X-Request-Id, then it is echoed and every log line of the request carries it', async () => {
    const res = await fetch(`${gw.url}/api/v1/tenants/t1/users/u1?documents=2`, {
      headers: { 'X-Request-Id': 'abc.DEF_1:2-3' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('abc.DEF_1:2-3');
    await waitFor(() => linesFor('abc.DEF_1:2-3').some((l) => l.msg === 'request completed'), 'access log line');
    const lines = linesFor('abc.DEF_1:2-3');
    const messages = lines.map((l) => l.msg);
    // The handler's own line (root logger), the OCI documents at debug, and the access log.
    expect(messages).toEqual(['oci document', 'oci document', 'handler reached', 'request completed']);
    const oci = lines.find((l) => l.msg === 'oci document')!;
    expect(oci.level).toBe('debug');
    expect(oci.oci).toMatchObject({ commands: ['UserGetRequest22', 'UserExecutiveGetRequest'], outcome: 'ok' });
    expect(lines.every((l) => typeof l.time === 'string' && l.service === 'oci-rest-gateway')).toBe(true);
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['forbidden characters', 'abc def<script>'],
  ])('When the given request id is %s, then a fresh UUID replaces it', async (_what, given) => {
    const res = await fetch(`${gw.url}/api/v1/tenants/t1/users/u1`, { headers: { 'X-Request-Id': given } });
    const id = res.headers.get('x-request-id')!;
    expect(id).not.toBe(given);
    await waitFor(() => linesFor(id).some((l) => l.msg === 'request completed'), 'access log line');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(linesFor(id).length).toBeGreaterThan(0);
    expect(sink.raw()).not.toContain(given);
  });

  it('When no id is sent, then each request gets its own', async () => {
    const a = await fetch(`${gw.url}/api/v1/tenants/t1/users/u1`);
    const b = await fetch(`${gw.url}/api/v1/tenants/t1/users/u1`);
    expect(a.headers.get('x-request-id')).toBeTruthy();
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  it('When a request carries credentials, then the log holds none of them', async () => {
    const res = await fetch(`${gw.url}/api/v1/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer top-secret-bearer',
        cookie: 'sid=cookie-secret',
      },
      body: JSON.stringify({ userId: 'alice', password: 'hunter2-password', refreshToken: 'refresh-secret' }),
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id')!;
    await waitFor(() => linesFor(id).some((l) => l.msg === 'request completed'), 'access log line');
    const attempt = linesFor(id).find((l) => l.msg === 'login attempt')!;
    expect(attempt.body).toEqual({ userId: 'alice', password: '[Redacted]', refreshToken: '[Redacted]' });
    for (const secret of [
      'top-secret-bearer',
      'cookie-secret',
      'hunter2-password',
      'refresh-secret',
      'eyJ.secret.token',
    ]) {
      expect(sink.raw()).not.toContain(secret);
    }
  });

  it('When the level is info, then the OCI document lines are left out', async () => {
    const quiet = logSink();
    const infoLogger = createLogger('info', quiet.stream);
    const app = await listen(
      opsApp({ logger: infoLogger, metrics: createMetrics(), observer: createOciLogObserver(infoLogger) }),
    );
    try {
      await fetch(`${app.url}/api/v1/tenants/t1/users/u1`);
      await waitFor(() => quiet.raw().includes('request completed'), 'access log line');
    } finally {
      await app.close();
    }
    const messages = quiet.lines().map((l) => l.msg);
    expect(messages).toContain('request completed');
    expect(messages).not.toContain('oci document');
  });
});
