import { request } from 'undici';
import type { Principal } from '../../src/http/principal';
import { startGateway, userBase, type Gateway } from '../helpers/gateway';
import { json, pointers, rawRequest, type Problem, type ValidationProblem } from '../helpers/http';

const EXEC1 = 'exec1@acme.example.com';
const PATH = userBase('acme-ent', 'acme-hq', EXEC1) + 'services/executive/alerting/';
const USER: Principal = { sub: EXEC1, level: 'user', tenantId: 'acme-ent', groupId: 'acme-hq', userId: EXEC1 };

describe('edge: helmet, CORS allow-list, JSON bodies', () => {
  let app: Gateway;
  let token: string;
  beforeAll(async () => {
    app = await startGateway({ env: { CORS_ORIGINS: 'https://portal.example.com', BODY_LIMIT_BYTES: '2048' } });
    token = await app.auth.issueToken(USER);
  });
  afterAll(() => app.close());
  const auth = () => ({ authorization: `Bearer ${token}` });

  test('when any response goes out, then helmet security headers are on it', async () => {
    const res = await fetch(app.url + PATH, { headers: auth() });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  test('API and login answers, problems included, carry Cache-Control: no-store; If-None-Match still answers 304', async () => {
    const ok = await fetch(app.url + PATH, { headers: auth() });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const etag = ok.headers.get('etag')!;
    const refused = await fetch(app.url + PATH);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const login = await fetch(app.url + '/api/v1/login/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"userId":"x"}',
    });
    expect(login.status).toBe(400);
    expect(login.headers.get('cache-control')).toBe('no-store');
    // undici's request, not fetch: fetch turns a conditional request into a reload.
    const again = await request(app.url + PATH, { headers: { ...auth(), 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.headers['cache-control']).toBe('no-store');
    await again.body.dump();
  });

  test('when an allowed origin sends a preflight, then 204 with the CORS headers and no token needed', async () => {
    const res = await fetch(app.url + PATH, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://portal.example.com',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://portal.example.com');
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'Authorization,Content-Type,If-Match,Idempotency-Key,X-Request-Id',
    );
    expect(res.headers.get('access-control-max-age')).toBe('600');
    // Listed explicitly: a portal there may send the session cookie.
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  test('when an allowed origin makes a request, then the answer names that origin', async () => {
    const res = await fetch(app.url + PATH, { headers: { ...auth(), origin: 'https://portal.example.com' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://portal.example.com');
    expect(res.headers.get('access-control-expose-headers')).toBe(
      'ETag,X-Request-Id,Idempotent-Replayed,Retry-After,Location,WWW-Authenticate',
    );
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  test('when another origin sends a preflight, then 403 without CORS headers', async () => {
    const res = await fetch(app.url + PATH, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'PUT' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('when another origin makes a request, then no CORS header lets a browser read the answer', async () => {
    const res = await fetch(app.url + PATH, { headers: { ...auth(), origin: 'https://evil.example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('when a body is over the limit, then 413 problem+json', async () => {
    const res = await rawRequest(app.url, {
      method: 'PUT',
      path: PATH,
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(4096) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((JSON.parse(res.body) as Problem).status).toBe(413);
  });

  test('when a body just under the limit arrives, then it reaches the handler', async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(1900) });
    const res = await fetch(app.url + PATH, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body,
    });
    // The handler read the parsed body: its validation names the field (alerting has no `pad`).
    expect(res.status).toBe(400);
    expect(pointers(await json<ValidationProblem>(res))).toEqual(['/pad']);
  });

  test('when a body is not JSON by its content type, then 415', async () => {
    const res = await fetch(app.url + PATH, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'text/plain' },
      body: '{"a":1}',
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test('when the JSON is broken, then 400 problem+json', async () => {
    const res = await fetch(app.url + PATH, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test('when a GET carries no body, then no content type is required', async () => {
    expect((await fetch(app.url + PATH, { headers: auth() })).status).toBe(200);
  });
});

describe('edge: rate limit per principal', () => {
  let app: Gateway;
  let clock = Date.now();
  beforeAll(async () => {
    app = await startGateway({ env: { RATE_LIMIT_RPS: '2' }, now: () => clock });
  });
  afterAll(() => app.close());

  test('when a principal exceeds its rate, then 429 with Retry-After, other principals unaffected, and it refills', async () => {
    const a = await app.auth.issueToken(USER);
    const EXEC2 = 'exec2@acme.example.com';
    const b = await app.auth.issueToken({ ...USER, sub: EXEC2, userId: EXEC2 });
    const get = (token: string, path = PATH) =>
      fetch(app.url + path, { headers: { authorization: `Bearer ${token}` } });
    expect((await get(a)).status).toBe(200);
    expect((await get(a)).status).toBe(200);
    const limited = await get(a);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await get(b, PATH.replace(encodeURIComponent(EXEC1), encodeURIComponent(EXEC2)))).status).toBe(200);
    clock += 500; // half a second at 2 rps buys one request
    expect((await get(a)).status).toBe(200);
    expect((await get(a)).status).toBe(429);
  });

  test('when RATE_LIMIT_RPS is not set, then nothing is limited', async () => {
    const open = await startGateway({ now: () => clock });
    try {
      const t = await open.auth.issueToken(USER);
      for (let i = 0; i < 20; i++) {
        expect((await fetch(open.url + PATH, { headers: { authorization: `Bearer ${t}` } })).status).toBe(200);
      }
    } finally {
      await open.close();
    }
  });
});
