// The express floor of bench/run.mjs and bench/paired.mjs: what express itself costs on this machine.
// express 5 (the project's own dependency), one route on the real API path, an undici Pool,
// one logged-in session, pre-built SOAP requests (the same OCI traffic the gateway sends per
// route), no parsing of the reply, a fixed JSON answer. Nothing else: no auth, no request id,
// no logging, no metrics. The gap between this and bench/baseline.mjs is express's; the gap
// between the gateway and this is ours.
// With --no-exchange it answers without sending anything (express alone: bench/run.mjs BENCH_DECOMPOSE=1).
// Usage: node bench/express-floor.mjs <port> <ociUrl> <executiveUserId> <connections> [--no-exchange]
import { createRequire } from 'node:module';
import express from 'express';
import { Pool } from 'undici';
import { logIn } from './oci-login.mjs';

const require = createRequire(import.meta.url);
const { buildDocument } = require('../dist/src/oci/document.js');
const { buildEnvelope } = require('../dist/src/oci/soap.js');

const [port, ociUrl, exec, connections] = [
  Number(process.argv[2]),
  new URL(process.argv[3]),
  process.argv[4],
  Number(process.argv[5] ?? 4),
];
const exchange = process.argv[6] !== '--no-exchange';
// As many connections to BroadWorks as the gateway has sessions: the same upstream concurrency.
const pool = new Pool(ociUrl.origin, { connections });
const sessionId = crypto.randomUUID();
const headers = { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' };

async function post(body, read = false) {
  const res = await pool.request({ path: ociUrl.pathname, method: 'POST', headers, body });
  const set = res.headers['set-cookie'];
  if (set) headers.cookie = (Array.isArray(set) ? set[0] : set).split(';')[0];
  if (read) return res.body.text();
  // No parsing: the reply is drained and dropped.
  for await (const _chunk of res.body);
  return '';
}

const envelope = (commands) => Buffer.from(buildEnvelope(buildDocument({ sessionId, commands })));

await logIn((request) => post(request, true), envelope, { program: 'express floor' });

const get = (type, extra = {}) => ({ type, body: { userId: exec, ...extra } });
const filteringReply = await post(envelope([get('UserExecutiveGetFilteringRequest')]), true);
const names = [
  ...filteringReply.matchAll(/&lt;row&gt;&lt;col&gt;(?:true|false)&lt;\/col&gt;&lt;col&gt;([^&]+)&lt;/g),
].map((m) => m[1]);
// The documents the gateway sends per resource once its membership cache is warm.
const routes = {
  alerting: [envelope([get('UserExecutiveGetScreeningAlertingRequest')])],
  screening: [
    envelope([
      {
        type: 'UserExecutiveModifyScreeningAlertingRequest',
        body: { userId: exec, enableScreening: 'true', screeningAlertType: 'Silent' },
      },
      get('UserExecutiveGetScreeningAlertingRequest'),
    ]),
  ],
  filtering: [
    envelope([get('UserExecutiveGetFilteringRequest')]),
    envelope(names.map((n) => get('UserExecutiveGetFilteringSelectiveCriteriaRequest21', { criteriaName: n }))),
  ],
};
const answer = { ok: true };

const app = express();
app.set('etag', false);
app.disable('x-powered-by');
app.get('/healthz', (_req, res) => res.json(answer));
// One route on the real API path; GET and PUT alike (the body is not read).
app.all('/api/v1/tenants/:tenantId/groups/:groupId/users/:userId/services/executive/:resource/', async (req, res) => {
  const docs = routes[req.params.resource];
  if (!docs) return res.status(404).end();
  try {
    if (exchange) for (const d of docs) await post(d);
    res.json(answer);
  } catch {
    res.status(502).end();
  }
});
app.listen(port, '127.0.0.1', () =>
  process.stdout.write(`express floor listening on ${port} (${names.length} criteria)\n`),
);
