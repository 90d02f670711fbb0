import { eventually } from '../helpers/eventually';
import { startGateway, userBase, type Gateway } from '../helpers/gateway';
import { json, type TokenPair } from '../helpers/http';

const EXEC1 = 'exec1@acme.example.com';
const ALERTING = userBase('acme-ent', 'acme-hq', EXEC1) + 'services/executive/alerting/';

describe('structured logs and request ids, from the whole gateway', () => {
  let gw: Gateway;
  let token: string;

  beforeAll(async () => {
    gw = await startGateway({ env: { LOG_LEVEL: 'debug' } });
    token = await gw.token();
  });
  afterAll(() => gw.close());

  const linesFor = (id: string) => gw.logs.filter((l) => l.obj.requestId === id).map((l) => l.obj);
  const accessLogged = (id: string) =>
    eventually(() => linesFor(id).some((l) => l.msg === 'request completed'), 'access log line');
  const get = (headers: Record<string, string> = {}, query = '') =>
    fetch(gw.url + ALERTING + query, { headers: { authorization: `Bearer ${token}`, ...headers } });

  it('When a caller sends a valid X-Request-Id, then it is echoed and every log line of the request carries it', async () => {
    const res = await get({ 'X-Request-Id': 'abc.DEF_1:2-3' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('abc.DEF_1:2-3');
    await accessLogged('abc.DEF_1:2-3');
    const lines = linesFor('abc.DEF_1:2-3');
    const messages = lines.map((l) => l.msg);
    // The OCI documents at debug (membership check, then the read), and the access log.
    expect(messages).toEqual(['oci document', 'oci document', 'request completed']);
    const oci = lines.filter((l) => l.msg === 'oci document');
    expect(oci.map((l) => l.level)).toEqual(['debug', 'debug']);
    expect(oci[0].oci).toMatchObject({
      commands: ['UserGetRequest23V2', 'UserServiceIsAssignedRequest'],
      outcome: 'ok',
    });
    expect(oci[1].oci).toMatchObject({ commands: ['UserExecutiveGetScreeningAlertingRequest'], outcome: 'ok' });
    expect(lines.every((l) => typeof l.time === 'string' && l.service === 'oci-rest-gateway')).toBe(true);
  });

  it('When a write is audited and a later write fails at BroadWorks, then the audit, OCI and problem lines name their request', async () => {
    const put = (id: string) =>
      fetch(gw.url + ALERTING.replace('alerting/', 'screening/'), {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'X-Request-Id': id },
        body: JSON.stringify({ enabled: true }),
      });
    expect((await put('audited-1')).status).toBe(200);
    await accessLogged('audited-1');
    expect(linesFor('audited-1').map((l) => l.msg)).toEqual(['oci document', 'audit', 'request completed']);

    await gw.sim.setFaults({ errorRate: 1 });
    try {
      expect((await put('refused-1')).status).toBeGreaterThanOrEqual(400);
    } finally {
      await gw.sim.setFaults({ errorRate: 0 });
    }
    await accessLogged('refused-1');
    const messages = linesFor('refused-1').map((l) => l.msg);
    expect(messages).toContain('audit');
    expect(messages).toContain('BroadWorks refused a command');
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['forbidden characters', 'abc def<script>'],
  ])('When the given request id is %s, then a fresh UUID replaces it', async (_what, given) => {
    const res = await get({ 'X-Request-Id': given });
    const id = res.headers.get('x-request-id')!;
    expect(id).not.toBe(given);
    await accessLogged(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(linesFor(id).length).toBeGreaterThan(0);
    expect(gw.logText()).not.toContain(given);
  });

  it('When no id is sent, then each request gets its own', async () => {
    const a = await get();
    const b = await get();
    expect(a.headers.get('x-request-id')).toBeTruthy();
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  it('When requests carry credentials, then the log holds none of them', async () => {
    const post = (path: string, body: unknown) =>
      fetch(gw.url + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer top-secret-bearer',
          cookie: 'sid=cookie-secret',
        },
        body: JSON.stringify(body),
      });
    const wrong = await post('/api/v1/login', { userId: 'alice', password: 'hunter2-password' });
    expect(wrong.status).toBe(401);
    const res = await post('/api/v1/login', { userId: EXEC1, password: 'exec1-password' });
    expect(res.status).toBe(200);
    const pair = await json<TokenPair>(res);
    const refreshed = await post('/api/v1/login/refresh', { refreshToken: pair.refreshToken });
    expect(refreshed.status).toBe(200);
    const id = res.headers.get('x-request-id')!;
    await accessLogged(id);
    await accessLogged(refreshed.headers.get('x-request-id')!);
    // The login is logged, by user id only.
    // At info level, with the principal's level beside it (not over pino's own field).
    expect(linesFor(id).find((l) => l.msg === 'login')).toMatchObject({
      event: 'login',
      userId: EXEC1,
      level: 'info',
      principalLevel: 'user',
    });
    // A token a client puts in the query string: answered, not logged.
    const query = await get({ 'X-Request-Id': 'token-in-query' }, '?access_token=query-secret-1&sameGroupOnly=x');
    expect(query.status).toBe(200);
    await accessLogged('token-in-query');
    expect(linesFor('token-in-query').find((l) => l.msg === 'request completed')?.req).toMatchObject({
      url: `${ALERTING}?access_token=[Redacted]&sameGroupOnly=x`,
    });
    for (const secret of [
      'query-secret-1',
      'top-secret-bearer',
      'cookie-secret',
      'hunter2-password',
      'exec1-password',
      pair.accessToken,
      pair.refreshToken,
    ]) {
      expect(gw.logText()).not.toContain(secret);
    }
  });
});

describe('logs at LOG_LEVEL=info', () => {
  it('When the level is info, then the OCI document lines are left out', async () => {
    const gw = await startGateway({ env: { LOG_LEVEL: 'info' } });
    try {
      const res = await fetch(gw.url + ALERTING, { headers: { authorization: `Bearer ${await gw.token()}` } });
      expect(res.status).toBe(200);
      await eventually(() => gw.logText().includes('request completed'), 'access log line');
    } finally {
      await gw.close();
    }
    const messages = gw.logs.map((l) => l.msg);
    expect(messages).toContain('request completed');
    expect(messages).not.toContain('oci document');
  });
});

describe('failures an operator reads in the log', () => {
  let gw: Gateway;
  beforeAll(async () => {
    // BroadWorks refuses connections from the start: every API request is a 503, /readyz too.
    gw = await startGateway({
      env: { LOG_LEVEL: 'info' },
      primaryUrl: async (sim) => {
        await sim.setFaults({ down: true });
        return sim.url;
      },
    });
  });
  afterAll(() => gw.close());

  const accessLine = async (res: Response) => {
    const id = res.headers.get('x-request-id')!;
    await eventually(() => gw.logs.some((l) => l.obj.requestId === id && l.obj.res !== undefined), 'access line');
    return gw.logs.find((l) => l.obj.requestId === id && l.obj.res !== undefined)!.obj;
  };

  it('When BroadWorks cannot be reached, then the 5xx line names the problem and the OCI failure kind, with no stack', async () => {
    const res = await fetch(gw.url + ALERTING, { headers: { authorization: `Bearer ${await gw.token()}` } });
    expect(res.status).toBe(503);
    const line = await accessLine(res);
    expect(line).toMatchObject({
      level: 'error',
      msg: `request failed: backend-unavailable (OCI ${String(line.ociFailure)})`,
      problem: 'backend-unavailable',
      detail: 'BroadWorks cannot take the request now; retry later',
      res: { statusCode: 503 },
    });
    expect(['unavailable', 'busy', 'link-lost']).toContain(line.ociFailure);
    expect(line.err).toBeUndefined();
    expect(JSON.stringify(line)).not.toMatch(/stack|failed with status code/);
  });

  it('When a probe asks /readyz and /healthz of a replica that cannot serve, then neither answer is logged at error', async () => {
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(503);
    const live = await fetch(`${gw.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await accessLine(ready)).toMatchObject({ level: 'warn', problem: 'not-ready', res: { statusCode: 503 } });
    expect((await accessLine(live)).level).toBe('info');
    expect(gw.logs.filter((l) => l.level === 'error' && /healthz|readyz/.test(JSON.stringify(l.obj)))).toEqual([]);
  });
});

describe('an unknown outcome in the log', () => {
  it('When a write was sent and its answer lost, then the line says outcome-unknown and its OCI kind', async () => {
    const gw = await startGateway({ env: { LOG_LEVEL: 'info' } });
    try {
      const token = await gw.token();
      // The membership answer cached first: the dropped document is then the write itself.
      const warm = await fetch(gw.url + ALERTING, { headers: { authorization: `Bearer ${token}` } });
      expect(warm.status).toBe(200);
      await gw.sim.setFaults({ dropRate: 1, dropPhase: 'after' });
      const res = await fetch(gw.url + ALERTING.replace('alerting/', 'screening/'), {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled: true }),
      });
      expect(res.status).toBe(502);
      const id = res.headers.get('x-request-id')!;
      await eventually(() => gw.logs.some((l) => l.obj.requestId === id && l.obj.res !== undefined), 'access line');
      const line = gw.logs.find((l) => l.obj.requestId === id && l.obj.res !== undefined)!.obj;
      expect(line).toMatchObject({
        level: 'error',
        msg: 'request failed: outcome-unknown (OCI outcome-unknown)',
        problem: 'outcome-unknown',
        ociFailure: 'outcome-unknown',
      });
      expect(line.err).toBeUndefined();
    } finally {
      await gw.close();
    }
  });
});
