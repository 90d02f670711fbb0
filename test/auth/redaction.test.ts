import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestHandler } from 'express';
import { loadConfig } from '../../src/config';
import { REDACT_PATHS } from '../../src/http/auth/redact';
import { createOciClient, type OciClient } from '../../src/oci/client';
import { startSimulator, type Simulator } from '../../src/simulator';
import { json } from './support/http';
import { authConfig, TEST_SECRET } from './support/keys';
import { startTestApp, type TestApp } from './support/test-app';

const EXEC1 = 'exec1@acme.example.com';
const ALERTING = `/api/v1/tenants/acme-ent/groups/acme-hq/users/${EXEC1}/services/executive/alerting/`;

describe('logs at trace level carry no secret', () => {
  const lines: string[] = [];
  let sim: Simulator;
  let oci: OciClient;
  let app: TestApp;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[Redacted]' } }, sink);
    sim = await startSimulator({ quiet: true });
    oci = createOciClient({ ...loadConfig({}).oci, urls: [sim.url], login: '14sp4', sessions: 1, logger });
    await oci.start();
    // pino-http with its default serializers logs every request header; a careless handler logs the body.
    app = await startTestApp({
      auth: authConfig(),
      verifier: oci,
      executor: oci,
      logger,
      before: [pinoHttp({ logger }) as unknown as RequestHandler, (req, res, next) => {
        // The JSON parser runs in the edge, so log the body once the response is done.
        res.on('finish', () => req.log.trace({ body: req.body, headers: req.headers }, 'request body'));
        next();
      }],
    });
  });
  afterAll(async () => {
    await app.close();
    await oci.close();
    await sim.close();
  });

  test('when logins (right and wrong), refreshes and API calls happen, then no token, password, signed password or nonce is in the output', async () => {
    const post = (path: string, body: object) =>
      fetch(app.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const secrets = [TEST_SECRET, 'admin-password', 'exec1-password', 'wrong-password-123'];

    const good = await json(await post('/api/v1/login/', { userId: EXEC1, password: 'exec1-password' }));
    expect((await post('/api/v1/login/', { userId: EXEC1, password: 'wrong-password-123' })).status).toBe(401);
    const refreshed = await json(await post('/api/v1/login/refresh/', { refreshToken: good.refreshToken }));
    for (const token of [good.accessToken, refreshed.accessToken]) {
      const res = await fetch(app.url + ALERTING, { headers: { authorization: `Bearer ${token}`, cookie: `session=${token}` } });
      expect(res.status).toBe(200);
    }
    // Unknown tokens (e.g. a stolen one that fails) must not be echoed either.
    await fetch(app.url + ALERTING, { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' } });
    secrets.push(good.accessToken, good.refreshToken, refreshed.accessToken, refreshed.refreshToken, 'c2lnbmF0dXJl');

    // The signed passwords the client really sent, read from the simulator's request log.
    const signed = sim
      .requestLog()
      .flatMap((e) => [...e.xml.matchAll(/<signedPassword>([^<]+)<\/signedPassword>/g)].map((m) => m[1]));
    expect(signed.length).toBeGreaterThan(0);
    secrets.push(...signed);

    const out = lines.join('');
    // The capture works and saw the traffic it should have (else this test proves nothing).
    expect(out).toContain('"event":"login"');
    expect(out).toContain('"event":"login-failed"');
    expect(out).toContain('[Redacted]');
    expect(out).toContain(ALERTING);
    for (const s of secrets) expect(out).not.toContain(s);
    for (const line of lines) {
      expect(line).not.toMatch(/<nonce>|"nonce":"(?!\[Redacted\])/);
      expect(line).not.toMatch(/Bearer ey/);
    }
  });
});
