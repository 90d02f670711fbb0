// The job floor: the yardstick of bench/paired.mjs and bench/run.mjs. It does the job's irreducible
// work, the way any correct gateway must, for GET alerting/, PUT screening/ and GET filtering/, with
// the project's settled libraries and nothing of its own: express 5; the Bearer token verified with
// jose (HS256, AUTH_JWT_SECRET) and cached per token until it expires; the level's claims checked
// and the path scoped to them; path and body validated with zod; each OCI document built per request
// with the caller's userId (escaped, then escaped again inside the SOAP envelope) and sent over an
// undici Pool to the same simulator on ONE session logged in at start; the SOAP reply and the OCI
// document inside it parsed with fast-xml-parser, an ErrorResponse answered 502; the answer's fields
// mapped by hand into the gateway's JSON; one pino access line per request and the audit line on a
// write. The gap between the gateway and this program is the gateway's own overhead; the gap between
// this program and the express floor (bench/express-floor.mjs) is the job's.
// Left out, because the gateway pays them once and not per request, or they are features beyond the
// job: the membership check (the gateway caches it per user), the session pool's fail-over, the
// breaker, metrics, rate limits, write locks, idempotency, ETags, helmet's headers, cookie sessions.
// Self-contained on purpose: it imports nothing from src/, dist/ or mappings/, so a change there cannot
// make the yardstick cheaper or dearer. bench/paired.mjs checks, before it measures, that this program
// answers exactly what the gateway answers.
// Usage: node bench/job-floor.mjs [port], with the gateway's environment (bench/rig.mjs gatewayEnv):
// PORT, OCI_URL, OCI_USERNAME, OCI_PASSWORD, OCI_SESSIONS (pool connections, default 4),
// AUTH_JWT_SECRET, LOG_LEVEL (default info).
import { createHash, randomUUID } from 'node:crypto';
import express from 'express';
import { XMLParser } from 'fast-xml-parser';
import { jwtVerify } from 'jose';
import pino from 'pino';
import { Pool } from 'undici';
import { z } from 'zod';

const env = process.env;
const port = Number(process.argv[2] ?? env.PORT ?? 8080);
const ociUrl = new URL(env.OCI_URL ?? '');
const secret = new TextEncoder().encode(env.AUTH_JWT_SECRET ?? '');
// stdout written synchronously, as the gateway writes it (pino's default destination is asynchronous
// and dearer per line).
const log = pino(
  {
    level: env.LOG_LEVEL ?? 'info',
    base: { service: 'job-floor' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  pino.destination({ dest: 1, sync: true }),
);

// ---- OCI over SOAP: one session, its cookie replayed on every connection of the pool.

const pool = new Pool(ociUrl.origin, { connections: Number(env.OCI_SESSIONS ?? 4) });
const sessionId = randomUUID();
const soapHeaders = { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' };

const XML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (s) => String(s).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);

/** `<name>value</name>`, the value escaped. */
const el = (name, value) => `<${name}>${escapeXml(value)}</${name}>`;

/** A BroadsoftDocument of `commands` ([type, inner XML]) wrapped, escaped, as processOCIMessage/arg0. */
function envelope(commands, echo = '') {
  let doc =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<BroadsoftDocument protocol="OCI" xmlns="C" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<sessionId xmlns="">${escapeXml(sessionId)}</sessionId>`;
  for (const [type, inner] of commands)
    doc += `<command xsi:type="${type}" xmlns="" echo="${escapeXml(echo)}">${inner}</command>`;
  doc += '</BroadsoftDocument>';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">' +
    '<soapenv:Body><processOCIMessage soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
    `<arg0 xsi:type="soapenc:string">${escapeXml(doc)}</arg0></processOCIMessage></soapenv:Body></soapenv:Envelope>`
  );
}

// Values stay strings (a phone number or a name must not become a number); repeated elements are arrays.
const parserOptions = { ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: false };
const soapParser = new XMLParser({ ...parserOptions, ignoreAttributes: true, removeNSPrefix: true });
const REPEATED = new Set(['command', 'colHeading', 'row', 'col', 'phoneNumber']);
const docParser = new XMLParser({ ...parserOptions, isArray: (name) => REPEATED.has(name) });

/** BroadWorks failed or refused; `refused` is the index of the command it answered with an ErrorResponse. */
class BackendError extends Error {
  constructor(message, refused) {
    super(message);
    this.refused = refused;
  }
}

/** Sends one document; resolves to its commands (each with `type`), or throws BackendError. */
async function exchange(commands, echo) {
  let replies;
  try {
    const res = await pool.request({
      path: ociUrl.pathname,
      method: 'POST',
      headers: soapHeaders,
      body: envelope(commands, echo),
    });
    const set = res.headers['set-cookie'];
    if (set) soapHeaders.cookie = (Array.isArray(set) ? set[0] : set).split(';')[0];
    const body = soapParser.parse(await res.body.text())?.Envelope?.Body;
    const inner = body?.processOCIMessageResponse?.processOCIMessageReturn;
    if (res.statusCode !== 200 || typeof inner !== 'string')
      throw new Error(body?.Fault?.faultstring ?? `SOAP reply ${res.statusCode} without a document`);
    replies = docParser.parse(inner)?.BroadsoftDocument?.command ?? [];
  } catch (err) {
    // Unreachable, cut off, a SOAP fault or unreadable: a backend failure, answered 502 like a refusal.
    throw new BackendError(`SOAP exchange failed: ${err.message}`);
  }
  replies.forEach((c, i) => {
    c.type = String(c['@xsi:type'] ?? '').replace(/^.*:/, '');
    if (c.type === 'ErrorResponse') throw new BackendError(c.summaryEnglish ?? c.summary ?? 'ErrorResponse', i);
  });
  if (replies.length !== commands.length)
    throw new BackendError(`${replies.length} replies to ${commands.length} commands`);
  return replies;
}

/** AuthenticationRequest, then LoginRequest14sp4 with md5(nonce ":" sha1hex(password)). */
async function logIn() {
  const userId = env.OCI_USERNAME ?? 'admin';
  const [auth] = await exchange([['AuthenticationRequest', el('userId', userId)]]);
  const sha1 = createHash('sha1')
    .update(env.OCI_PASSWORD ?? '', 'utf8')
    .digest('hex');
  const signed = createHash('md5').update(`${auth.nonce}:${sha1}`, 'utf8').digest('hex');
  await exchange([['LoginRequest14sp4', el('userId', userId) + el('signedPassword', signed)]]);
}

// ---- The answers, mapped by hand from the OCI replies.

/** An element's text, or null when BroadWorks left it out. */
const text = (v) => (v === undefined || v === '' ? null : String(v));
const bool = (v) => v === 'true';
const int = (v) => (v === undefined || v === '' ? null : Number(v));
// OCI's schedule level "Service Provider" is the API's Tenant.
const level = (v) => (v === 'Service Provider' ? 'Tenant' : v);
const schedule = (s, type) => (s ? { level: level(s.type), name: s.name, type } : null);

const alertingAnswer = (r) => ({
  mode: r.alertingMode,
  cliNameMode: r.alertingCallingLineIdNameMode,
  cliCustomName: text(r.alertingCustomCallingLineIdName),
  cliCustomNameUnicode: text(r.unicodeAlertingCustomCallingLineIdName),
  cliPhoneNumberMode: r.alertingCallingLineIdPhoneNumberMode,
  cliCustomPhoneNumber: text(r.alertingCustomCallingLineIdPhoneNumber),
  callPushRecallAfter: int(r.callPushRecallNumberOfRings),
  nextAssistantAfter: int(r.nextAssistantNumberOfRings),
  rolloverEnabled: bool(r.enableRollover),
  rolloverWaitTime: int(r.rolloverWaitTimeSeconds),
  rolloverAction: r.rolloverAction,
  rolloverForwardTo: text(r.rolloverForwardToPhoneNumber),
});

const screeningAnswer = (r) => ({
  enabled: bool(r.enableScreening),
  alertType: r.screeningAlertType,
  alertMobilityLocation: bool(r.alertBroadWorksMobilityLocation),
  alertAnywhereLocations: bool(r.alertBroadWorksAnywhereLocations),
  alertSharedCallAppearanceLocations: bool(r.alertSharedCallAppearanceLocations),
});

/** The rows of an OCITable as records keyed by column heading (never by position). */
function tableRows(table) {
  const headings = table?.colHeading ?? [];
  return (table?.row ?? []).map((row) =>
    Object.fromEntries(headings.map((h, i) => [h, typeof row.col?.[i] === 'string' ? row.col[i] : ''])),
  );
}

const criteriaAnswer = (row, c) => ({
  name: row['Criteria Name'],
  active: bool(row['Is Active']),
  timeSchedule: schedule(c.timeSchedule, 'Time'),
  holidaySchedule: schedule(c.holidaySchedule, 'Holiday'),
  filter: bool(c.filter),
  fromDnCriteria: c.fromDnCriteria
    ? {
        selection: c.fromDnCriteria.fromDnCriteriaSelection,
        includeAnonymousCallers: bool(c.fromDnCriteria.includeAnonymousCallers),
        includeUnavailableCallers: bool(c.fromDnCriteria.includeUnavailableCallers),
        phoneNumbers: c.fromDnCriteria.phoneNumber ?? [],
      }
    : null,
});

// ---- Validation.

const id = z.string().min(1).max(256);
const pathSchema = z.object({ tenant: id, group: id, user: id });
const screeningBody = z.strictObject({
  enabled: z.boolean().optional(),
  // The APIO field list's spelling of `enabled`; both together must agree.
  enable: z.boolean().optional(),
  alertType: z.enum(['Silent', 'Ring Splash']).optional(),
  alertMobilityLocation: z.boolean().optional(),
  alertAnywhereLocations: z.boolean().optional(),
  alertSharedCallAppearanceLocations: z.boolean().optional(),
});
// The ScreeningAlerting elements of each field, in XSD order.
const SCREENING_ELEMENTS = [
  ['enabled', 'enableScreening'],
  ['alertType', 'screeningAlertType'],
  ['alertMobilityLocation', 'alertBroadWorksMobilityLocation'],
  ['alertAnywhereLocations', 'alertBroadWorksAnywhereLocations'],
  ['alertSharedCallAppearanceLocations', 'alertSharedCallAppearanceLocations'],
];
const claimsSchema = z.discriminatedUnion('level', [
  z.object({ sub: id, level: z.literal('system') }),
  z.object({ sub: id, level: z.literal('reseller'), tenantIds: z.array(id) }),
  z.object({ sub: id, level: z.literal('tenant'), tenantId: id }),
  z.object({ sub: id, level: z.literal('group'), tenantId: id, groupId: id }),
  z.object({ sub: id, level: z.literal('user'), tenantId: id, groupId: id, userId: id }),
]);

// ---- Authentication: verified once per token, then cached until the token's exp.

const tokens = new Map();
const TOKEN_CACHE_MAX = 10_000;

function evictExpired(nowS) {
  for (const [t, p] of tokens) if (p.exp <= nowS) tokens.delete(t);
}
// Expired tokens leave the cache within a minute even when nobody presents them again.
setInterval(() => evictExpired(Date.now() / 1000), 60_000).unref();

async function principalOf(authorization) {
  const token = /^Bearer ([\w.-]+)$/.exec(authorization ?? '')?.[1];
  if (!token) return null;
  const nowS = Date.now() / 1000;
  const cached = tokens.get(token);
  if (cached && cached.exp > nowS) return cached;
  if (cached) tokens.delete(token);
  let payload;
  try {
    ({ payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['exp'] }));
  } catch {
    return null;
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) return null;
  if (tokens.size >= TOKEN_CACHE_MAX) evictExpired(nowS);
  if (tokens.size >= TOKEN_CACHE_MAX) tokens.clear();
  const principal = { ...claims.data, exp: payload.exp };
  tokens.set(token, principal);
  return principal;
}

const inScope = (p, { tenant, group, user }) =>
  p.level === 'system' ||
  (p.level === 'reseller' && p.tenantIds.includes(tenant)) ||
  (p.tenantId === tenant &&
    (p.level === 'tenant' || (p.groupId === group && (p.level === 'group' || p.userId === user))));

// ---- HTTP.

const problem = (res, status, title, detail) =>
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail }));

const app = express();
app.set('etag', false);
app.disable('x-powered-by');
app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));

// Request id, access line, authentication, path scope: every API request.
app.use('/api/v1/tenants/:tenant/groups/:group/users/:user/services/executive', async (req, res, next) => {
  const started = process.hrtime.bigint();
  const incoming = req.headers['x-request-id'];
  req.id = typeof incoming === 'string' && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', req.id);
  res.setHeader('cache-control', 'no-store');
  res.on('finish', () =>
    log.info(
      {
        req: { method: req.method, url: req.originalUrl },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
        requestId: req.id,
      },
      'request completed',
    ),
  );
  const principal = await principalOf(req.headers.authorization);
  if (!principal) return problem(res, 401, 'Unauthorized', 'invalid token');
  const params = pathSchema.safeParse(req.params);
  if (!params.success) return problem(res, 400, 'Invalid request', 'invalid path');
  if (!inScope(principal, params.data)) return problem(res, 403, 'Forbidden', 'out of scope');
  req.principal = principal;
  req.scope = params.data;
  next();
});

/** Runs `work` (the exchanges and the mapping) and answers its JSON, or 502 on a backend failure. */
const handle = (work) => async (req, res) => {
  try {
    res.json(await work(req, res));
  } catch (err) {
    if (!(err instanceof BackendError)) throw err;
    problem(res, 502, 'Bad Gateway', err.message);
  }
};

const base = '/api/v1/tenants/:tenant/groups/:group/users/:user/services/executive';
const getScreeningAlerting = (user) => ['UserExecutiveGetScreeningAlertingRequest', el('userId', user)];

app.get(
  `${base}/alerting/`,
  handle(async (req) => {
    const [r] = await exchange([getScreeningAlerting(req.scope.user)], req.id);
    return alertingAnswer(r);
  }),
);

/** Validates the PUT screening/ body into the Modify's elements (`req.modify`), or answers 400. */
function screeningModify(req, res, next) {
  const body = screeningBody.safeParse(req.body ?? {});
  if (!body.success) return problem(res, 400, 'Invalid request', z.prettifyError(body.error));
  const { enable, ...fields } = body.data;
  if (enable !== undefined && fields.enabled !== undefined && enable !== fields.enabled)
    return problem(res, 400, 'Invalid request', 'enable and enabled disagree');
  fields.enabled ??= enable;
  req.modify = '';
  for (const [field, name] of SCREENING_ELEMENTS)
    if (fields[field] !== undefined) req.modify += el(name, fields[field]);
  return next();
}

app.put(
  `${base}/screening/`,
  express.json({ limit: '64kb' }),
  screeningModify,
  handle(async (req) => {
    const user = el('userId', req.scope.user);
    // Modify and Get in one document: the answer is what BroadWorks holds after the change.
    const commands = [
      ...(req.modify ? [['UserExecutiveModifyScreeningAlertingRequest', user + req.modify]] : []),
      getScreeningAlerting(req.scope.user),
    ];
    let outcome = 'unknown';
    try {
      const replies = await exchange(commands, req.id);
      outcome = 'applied';
      return screeningAnswer(replies.at(-1));
    } catch (err) {
      // Refused: the Modify (not applied) or the Get after it (applied).
      if (err instanceof BackendError && err.refused !== undefined)
        outcome = err.refused === 0 && req.modify ? 'not-applied' : 'applied';
      throw err;
    } finally {
      log.info(
        {
          requestId: req.id,
          audit: {
            sub: req.principal.sub,
            level: req.principal.level,
            method: req.method,
            path: req.originalUrl,
            ociCommands: commands.map(([type]) => type),
            outcome,
          },
        },
        'audit',
      );
    }
  }),
);

app.get(
  `${base}/filtering/`,
  handle(async (req) => {
    const user = req.scope.user;
    const [f] = await exchange([['UserExecutiveGetFilteringRequest', el('userId', user)]], req.id);
    const rows = tableRows(f.criteriaTable);
    // One document reads every criteria the table names (at most 15 commands per document).
    const details = [];
    for (let i = 0; i < rows.length; i += 15) {
      const chunk = rows.slice(i, i + 15);
      details.push(
        ...(await exchange(
          chunk.map((row) => [
            'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
            el('userId', user) + el('criteriaName', row['Criteria Name']),
          ]),
          req.id,
        )),
      );
    }
    return {
      enabled: bool(f.enableFiltering),
      mode: f.filteringMode,
      type: f.simpleFilterType,
      criteria: rows.map((row, i) => criteriaAnswer(row, details[i])),
    };
  }),
);

app.use((req, res) => problem(res, 404, 'Not Found', `no route ${req.method} ${req.path}`));
// A body that is not JSON, or anything unexpected: a problem answer, never a crash.
app.use((err, _req, res, _next) => {
  if (err?.type === 'entity.parse.failed') return problem(res, 400, 'Invalid request', 'body is not JSON');
  log.error({ err }, 'unexpected error');
  return problem(res, 500, 'Internal Server Error', 'unexpected error');
});

await logIn();
app.listen(port, '127.0.0.1', () => process.stderr.write(`job floor listening on ${port}\n`));
