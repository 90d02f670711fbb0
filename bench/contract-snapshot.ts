/**
 * Contract snapshot: what the gateway answers and what it sends to BroadWorks, in one JSON file,
 * so that a refactoring can prove it changed neither (compare the sha256 of two snapshots).
 *
 * It builds the gateway as main.ts does (createApp, the real OCI client) on the in-process
 * simulator with the demo data, fetches /openapi.json, then runs the README's calls in order
 * with a system token (the delegated one with the demo assistant's). A recording proxy between
 * the OCI client and the simulator keeps every SOAP request exactly as it went over the wire. Only what differs between two runs by design is
 * normalised: session ids, `echo` (the request id) and the signed password (it hashes a nonce).
 *
 *   npm run snapshot:contract -- [--out bench/results/contract-snapshot.json] [--check previous.json]
 *
 * `--check` exits 1 when the new snapshot differs from the given one (and says where first).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createOciClient } from '../src/oci/client';
import { createLogger } from '../src/observability/logger';
import { startSimulator } from '../src/simulator';

/** The README's "The API" calls, in its order (base: the demo executive's Executive service). */
const BASE = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1@acme.example.com/services/executive';
const ASSISTANT_BASE =
  '/api/v1/tenants/acme-ent/groups/acme-hq/users/asst1@acme.example.com/services/executive_assistant';
export const README_CALLS: {
  method: string;
  path: string;
  body?: unknown;
  /** Another base than the demo executive's Executive service. */
  base?: string;
  /** Sent with the token of the demo assistant asst1 (delegation), not the system token. */
  asAssistant?: boolean;
}[] = [
  { method: 'GET', path: '/available_assistants/?sameGroupOnly=false' },
  { method: 'GET', path: '/assistants/' },
  {
    method: 'PUT',
    path: '/assistants/',
    body: { allowOptInOut: true, assistantUserIds: ['asst1@acme.example.com', 'asst3@acme.example.com'] },
  },
  { method: 'GET', path: '/filtering/' },
  {
    method: 'PUT',
    path: '/filtering/',
    body: { enabled: true, mode: 'Advanced', type: 'All Calls', criteria: [{ name: 'VIP callers', active: false }] },
  },
  { method: 'GET', path: '/screening/' },
  {
    method: 'PUT',
    path: '/screening/',
    body: { enabled: true, alertType: 'Ring Splash', alertMobilityLocation: true },
  },
  { method: 'GET', path: '/alerting/' },
  {
    method: 'PUT',
    path: '/alerting/',
    body: {
      mode: 'Sequential',
      nextAssistantAfter: 5,
      rolloverEnabled: true,
      rolloverWaitTime: 30,
      rolloverAction: 'Forward',
      rolloverForwardTo: '+3223661285',
    },
  },
  {
    method: 'POST',
    path: '/criteria/',
    body: {
      name: 'Board members',
      active: true,
      filter: true,
      timeSchedule: { level: 'User', name: 'Office hours', type: 'Time' },
      fromDnCriteria: {
        selection: 'Specified Only',
        includeAnonymousCallers: false,
        includeUnavailableCallers: false,
        phoneNumbers: ['+3223661285'],
      },
    },
  },
  { method: 'GET', path: '/criteria/Board%20members/' },
  {
    method: 'PUT',
    path: '/criteria/Board%20members/',
    body: { name: 'Board', holidaySchedule: { level: 'Tenant', name: 'Public holidays', type: 'Holiday' } },
  },
  { method: 'DELETE', path: '/criteria/Board/' },
  // The assistant's side, then an assistant acting for its executive.
  { method: 'GET', base: ASSISTANT_BASE, path: '/executives/' },
  {
    method: 'PUT',
    base: ASSISTANT_BASE,
    path: '/executives/',
    body: {
      enableDivert: false,
      divertTo: '+3223661277',
      executiveUsers: [{ userId: 'exec1@acme.example.com', optInStatus: true }],
    },
  },
  { method: 'GET', path: '/filtering/', asAssistant: true },
];

/** One SOAP request as the OCI client sent it. */
interface SentDocument {
  contentType?: string;
  soapAction?: string;
  body: string;
}

/** What differs between runs by design, and nothing else. */
export function normaliseDocument(xml: string): string {
  return xml
    .replace(/(<sessionId\b[^>]*>)[^<]*(<\/sessionId>)/g, '$1SESSION$2')
    .replace(/(&lt;sessionId\b(?:(?!&gt;).)*&gt;)(?:(?!&lt;).)*(&lt;\/sessionId&gt;)/g, '$1SESSION$2')
    .replace(/ echo=("|&quot;)[^"&]*("|&quot;)/g, ' echo=$1ECHO$2')
    .replace(/(<signedPassword>)[^<]*(<\/signedPassword>)/g, '$1SIGNED$2')
    .replace(/(&lt;signedPassword&gt;)(?:(?!&lt;).)*(&lt;\/signedPassword&gt;)/g, '$1SIGNED$2');
}

/** A pass-through HTTP proxy that records every request body it forwards. */
async function startRecordingProxy(
  target: string,
): Promise<{ url: string; sent: SentDocument[]; close(): Promise<void> }> {
  const t = new URL(target);
  const sent: SentDocument[] = [];
  const header = (h: IncomingHttpHeaders, name: string) => {
    const v = h[name];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      sent.push({
        contentType: header(req.headers, 'content-type'),
        soapAction: header(req.headers, 'soapaction'),
        body: body.toString('utf8'),
      });
      const out = httpRequest(
        {
          host: t.hostname,
          port: t.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: t.host },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${t.pathname}`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Takes one snapshot; returns the JSON text written. */
export async function takeSnapshot(): Promise<string> {
  const sim = await startSimulator({ quiet: true });
  const proxy = await startRecordingProxy(sim.url);
  const config = loadConfig({
    PORT: '0',
    OCI_URL: proxy.url,
    OCI_USERNAME: 'admin',
    OCI_PASSWORD: 'admin-password',
    AUTH_JWT_SECRET: 'contract-snapshot-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger(
    config.logLevel,
    new Writable({
      write: (_c, _e, done) => done(),
    }),
  );
  const oci = createOciClient({ ...config.oci, logger });
  await oci.start();
  const { app, auth } = createApp({ config, oci, logger });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = await auth.issueToken({ sub: 'contract-snapshot', level: 'system' });
  const asst1 = 'asst1@acme.example.com';
  const assistantToken = await auth.issueToken({
    sub: asst1,
    level: 'user',
    tenantId: 'acme-ent',
    groupId: 'acme-hq',
    userId: asst1,
  });

  const take = (from: number) => proxy.sent.slice(from).map((d) => ({ ...d, body: normaliseDocument(d.body) }));
  const startup = take(0);

  const openapiRes = await request(`${gateway}/openapi.json`);
  const openapiText = await openapiRes.body.text();

  const calls = [];
  for (const c of README_CALLS) {
    const from = proxy.sent.length;
    const headers: Record<string, string> = {
      authorization: `Bearer ${c.asAssistant ? assistantToken : token}`,
      'content-type': 'application/json',
    };
    const url = `${c.base ?? BASE}${c.path}`;
    const res = await request(`${gateway}${url}`, {
      method: c.method as 'GET',
      headers,
      body: c.body === undefined ? undefined : JSON.stringify(c.body),
    });
    const text = await res.body.text();
    const h = (name: string) => res.headers[name] as string | undefined;
    calls.push({
      request: `${c.method} ${url}${c.asAssistant ? ' (token of asst1, acting for its executive)' : ''}`,
      body: c.body,
      answer: {
        status: res.statusCode,
        contentType: h('content-type'),
        etag: h('etag'),
        location: h('location'),
        body: text ? (JSON.parse(text) as unknown) : undefined,
      },
      documents: take(from),
    });
  }

  const beforeClose = proxy.sent.length;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await oci.close();
  const shutdown = take(beforeClose);
  await proxy.close();
  await sim.close();

  const snapshot = {
    about: 'npm run snapshot:contract: OpenAPI document, the README calls and every OCI document sent',
    openapi: {
      status: openapiRes.statusCode,
      sha256: createHash('sha256').update(openapiText).digest('hex'),
      document: JSON.parse(openapiText) as unknown,
    },
    startup,
    calls,
    shutdown,
  };
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n  expected: ${la[i]}\n  actual:   ${lb[i]}`;
  }
  return 'no difference';
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = arg('--out') ?? 'bench/results/contract-snapshot.json';
  const check = arg('--check');
  const text = await takeSnapshot();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  const sha = createHash('sha256').update(text).digest('hex');
  process.stdout.write(`contract snapshot written to ${out}\nsha256 ${sha}\n`);
  if (check) {
    const previous = readFileSync(check, 'utf8');
    if (previous !== text) {
      process.stderr.write(`contract changed against ${check}: ${firstDifference(previous, text)}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`identical to ${check}\n`);
    }
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`contract snapshot failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
