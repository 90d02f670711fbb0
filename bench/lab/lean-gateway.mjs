// The least a gateway with every feature the targets require can run per request: a measuring
// tool, not a product (bench/lab/README.md). One express route per resource
// and one straight-line handler per request, built from the same parts the gateway uses: request
// id, helmet's security headers (computed once, as the gateway does), Bearer JWT checked by jose
// and cached until it expires, scope check, zod validation of the path and body, prom-client
// histograms of the REST request and the OCI document, pino (an access line at LOG_LEVEL=info),
// the per-executive write lock (writes to one user serialized, as the gateway does),
// the gateway's XML builder, an opossum breaker around an undici Pool with a deadline per
// exchange, the gateway's strict reply reader, an ETag, a JSON answer.
// What it leaves out, because the benchmark's requests never need it: session pool and re-login,
// failover, the resend rule, delegation, If-Match, Idempotency-Key, the write lock, problem+json
// errors, the mapping engine (the two answers are mapped by hand). Whatever the gateway's request
// path is rebuilt into, it cannot cost less than this.
// Serves GET alerting/, PUT screening/ and GET filtering/ (two documents) only. Environment as for dist/src/main.js (PORT,
// OCI_URL, OCI_USERNAME, OCI_PASSWORD, AUTH_JWT_SECRET, LOG_LEVEL), so bench/run.mjs can run it
// as the compared gateway: BENCH_COMPARE=bench/lab/lean-gateway.mjs.
import { createRequire } from 'node:module';
import { hash, randomUUID } from 'node:crypto';
import express from 'express';
import { jwtVerify } from 'jose';
import CircuitBreaker from 'opossum';
import { Histogram } from 'prom-client';
import { Pool } from 'undici';
import { z } from 'zod';
import { logIn } from '../oci-login.mjs';

const require = createRequire(import.meta.url);
const { buildDocument, parseReply, tableOf, textOf } = require('../../dist/src/oci/document.js');
const { buildEnvelope, unwrapEnvelope } = require('../../dist/src/oci/soap.js');
const { securityHeaders } = require('../../dist/src/http/edge/security-headers.js');
const { createLogger } = require('../../dist/src/observability/logger.js');
const { withDeadline } = require('../../dist/src/oci/deadline.js');
const { ProcessWriteLock } = require('../../dist/src/coordination/memory-write-lock.js');

const env = process.env;
const ociUrl = new URL(env.OCI_URL.split(',')[0]);
const secret = new TextEncoder().encode(env.AUTH_JWT_SECRET);
const logger = createLogger(env.LOG_LEVEL ?? 'info');
const TIMEOUT_MS = 10_000;

// One logged-in OCI session on a Pool with as many connections as the gateway has sessions.
const pool = new Pool(ociUrl.origin, { connections: Number(env.OCI_SESSIONS ?? 4) });
const sessionId = randomUUID();
const ociHeaders = { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' };
async function post(request) {
  // The gateway's deadline (one timer per exchange, cleared when it settles): cheaper than AbortSignal.timeout.
  return withDeadline(TIMEOUT_MS, async (signal) => {
    const res = await pool.request({
      path: ociUrl.pathname,
      method: 'POST',
      headers: ociHeaders,
      body: request,
      signal,
    });
    const set = res.headers['set-cookie'];
    if (set) ociHeaders.cookie = (Array.isArray(set) ? set[0] : set).split(';')[0];
    return res.body.text();
  });
}
const results = (text) => parseReply(unwrapEnvelope(text)).results;
const envelope = (commands) => buildEnvelope(buildDocument({ sessionId, commands }));
await logIn(post, envelope, { program: 'lean gateway', userId: env.OCI_USERNAME, password: env.OCI_PASSWORD });

const breaker = new CircuitBreaker(post, { timeout: false, rollingPercentilesEnabled: false, enableSnapshots: false });
const httpSeconds = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'REST requests',
  labelNames: ['method', 'route', 'status'],
});
const ociSeconds = new Histogram({
  name: 'oci_document_duration_seconds',
  help: 'OCI documents',
  labelNames: ['command'],
});

/** Sends one document; its results in command order, each a data body or a thrown error. */
async function exchange(commands) {
  const started = performance.now();
  const text = await breaker.fire(envelope(commands));
  ociSeconds.labels(commands[0].type).observe((performance.now() - started) / 1000);
  return results(text).map((r) => {
    if (r.kind === 'error') throw Object.assign(new Error(r.summaryEnglish), { status: 400 });
    return r.body;
  });
}

const tokens = new Map();
async function claimsOf(authorization) {
  if (!authorization?.startsWith('Bearer ')) return undefined;
  const token = authorization.slice(7);
  const cached = tokens.get(token);
  if (cached && cached.exp * 1000 > Date.now()) return cached;
  const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
  tokens.set(token, payload);
  return payload;
}
const mayReach = (c, p) =>
  c.level === 'system' || (c.tenant === p.tenantId && (c.level === 'tenant' || c.group === p.groupId));

const id = z.string().min(1).max(161);
const pathSchema = z.object({ tenantId: id, groupId: id, userId: id });
const headersOnce = securityHeaders();
const noop = () => undefined;

/** One straight-line handler: everything the request needs, in order, nothing else. */
function route(template, work) {
  return async (req, res) => {
    const started = performance.now();
    const requestId = req.headers['x-request-id'] ?? randomUUID();
    res.setHeader('X-Request-Id', requestId);
    headersOnce(req, res, noop);
    try {
      const claims = await claimsOf(req.headers.authorization);
      if (!claims) res.statusCode = 401;
      else {
        const path = pathSchema.parse(req.params);
        if (!mayReach(claims, path)) res.statusCode = 403;
        else {
          const json = JSON.stringify(await work(req, path, requestId));
          res.setHeader('ETag', `"${hash('sha256', json, 'base64url').slice(0, 27)}"`);
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.setHeader('Content-Length', Buffer.byteLength(json));
          res.end(json);
          return;
        }
      }
    } catch (err) {
      res.statusCode = err.status ?? (err instanceof z.ZodError ? 400 : 502);
    } finally {
      const ms = performance.now() - started;
      httpSeconds.labels(req.method, template, String(res.statusCode)).observe(ms / 1000);
      logger.info({ requestId, method: req.method, path: req.originalUrl, status: res.statusCode, ms }, 'request');
    }
    res.end();
  };
}

const text = (body, name) => textOf(body, name) ?? undefined;
const bool = (body, name) => textOf(body, name) === 'true';
const screeningOf = (b) => ({
  enabled: bool(b, 'enableScreening'),
  alertType: text(b, 'screeningAlertType'),
  alertBroadWorksMobilityLocation: bool(b, 'alertBroadWorksMobilityLocation'),
  alertBroadWorksAnywhereLocations: bool(b, 'alertBroadWorksAnywhereLocations'),
  alertSharedCallAppearanceLocations: bool(b, 'alertSharedCallAppearanceLocations'),
});
const alertingOf = (b) => ({
  alertingMode: text(b, 'alertingMode'),
  nextAssistantNumberOfRings: Number(text(b, 'nextAssistantNumberOfRings')),
  rolloverWaitTimeSeconds: text(b, 'rolloverWaitTimeSeconds'),
  callingLineIdNameMode: text(b, 'alertingCallingLineIdNameMode'),
  callingLineIdCustomName: text(b, 'alertingCallingLineIdCustomName'),
  callingLineIdPhoneNumberMode: text(b, 'alertingCallingLineIdPhoneNumberMode'),
  callPushRecallNumberOfRings: Number(text(b, 'callPushRecallNumberOfRings')),
});
const writeLock = new ProcessWriteLock();
const screeningBody = z.object({ enabled: z.boolean(), alertType: z.enum(['Silent', 'Ring Splash']) }).strict();
const get = (userId, echo) => ({ type: 'UserExecutiveGetScreeningAlertingRequest', echo, body: { userId } });

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
const base = '/api/v1/tenants/:tenantId/groups/:groupId/users/:userId/services/executive';
app.get(
  `${base}/alerting/`,
  route(`${base}/alerting/`, async (_req, path, echo) => alertingOf((await exchange([get(path.userId, echo)]))[0])),
);
app.put(
  `${base}/screening/`,
  express.json({ limit: 65_536 }),
  route(`${base}/screening/`, async (req, path, echo) => {
    const b = screeningBody.parse(req.body);
    const modify = {
      type: 'UserExecutiveModifyScreeningAlertingRequest',
      echo,
      body: { userId: path.userId, enableScreening: String(b.enabled), screeningAlertType: b.alertType },
    };
    const key = JSON.stringify([path.tenantId, path.groupId, path.userId]);
    return writeLock.run(key, {}, async () => screeningOf((await exchange([modify, get(path.userId, echo)]))[1]));
  }),
);
app.get(
  `${base}/filtering/`,
  route(`${base}/filtering/`, async (_req, path, echo) => {
    const [settings] = await exchange([
      { type: 'UserExecutiveGetFilteringRequest', echo, body: { userId: path.userId } },
    ]);
    const rows = tableOf(settings, 'criteriaTable').rows;
    const details = rows.length
      ? await exchange(
          rows.map((r) => ({
            type: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
            echo,
            body: { userId: path.userId, criteriaName: r['Criteria Name'] },
          })),
        )
      : [];
    return {
      enabled: bool(settings, 'enableFiltering'),
      filteringMode: text(settings, 'filteringMode'),
      simpleFilterType: text(settings, 'simpleFilterType'),
      criteria: rows.map((r, i) => ({
        name: r['Criteria Name'],
        active: r['Is Active'] === 'true',
        filter: bool(details[i], 'filter'),
        timeSchedule: text(details[i], 'timeSchedule'),
        callsFrom: r['Calls From'],
      })),
    };
  }),
);
app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
process.on('SIGTERM', () => process.exit(0));
app.listen(Number(env.PORT), '127.0.0.1', () => process.stdout.write(`lean gateway listening on ${env.PORT}\n`));
