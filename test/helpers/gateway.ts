import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { appendFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Principal } from '../../src/http/principal';
import type { ResourceMapping } from '../../src/mapping/types';
import { createOciClient, type OciClient } from '../../src/oci/client';
import { createLogger } from '../../src/observability/logger';
import { combineObservers, createOciLogObserver } from '../../src/observability/oci-log-observer';
import { createMetrics } from '../../src/observability/metrics';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';

export interface Gateway {
  url: string;
  sim: Simulator;
  /** The secondary backend, when `secondary` was given. */
  sim2?: Simulator;
  oci: OciClient;
  /** Log lines the gateway wrote (pino-compatible capture). */
  logs: { level: string; obj: Record<string, unknown>; msg?: string }[];
  token(claims?: Partial<Principal>): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real gateway over HTTP on 127.0.0.1 against the simulator: real OCI client, real app,
 * HS256 tokens signed with the configured secret.
 */
export async function startGateway(
  opts: {
    env?: Record<string, string>;
    simulator?: SimulatorOptions;
    secondary?: SimulatorOptions;
    primaryUrl?: (sim: Simulator) => Promise<string>;
    mappings?: ResourceMapping[];
    metrics?: boolean;
    /** Also append the raw log output to this file (default: $GATEWAY_LOG_FILE; unset: no file). */
    logFile?: string;
  } = {},
): Promise<Gateway> {
  const sim = await startSimulator({ quiet: true, ...opts.simulator });
  // OCI_URL may list a primary and a secondary: a second simulator plays the secondary.
  const sim2 = opts.secondary ? await startSimulator({ quiet: true, ...opts.secondary }) : undefined;
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'debug', ...opts.env });
  // primaryUrl lets a test put a proxy (e.g. one that drops a chosen document) in front of the simulator.
  const primary = opts.primaryUrl ? await opts.primaryUrl(sim) : sim.url;
  config.oci.urls = sim2 ? [primary, sim2.url] : [primary];
  config.oci.login = '14sp4';
  // A real pino logger whose JSON lines are kept for the assertions.
  const logs: Gateway['logs'] = [];
  const logFile = opts.logFile ?? process.env.GATEWAY_LOG_FILE;
  const capture = new Writable({
    write(chunk: Buffer, _enc, done) {
      // The bytes exactly as the logger wrote them, before any parsing (for redaction checks).
      if (logFile) appendFileSync(logFile, chunk);
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        const obj = JSON.parse(line) as Record<string, unknown>;
        logs.push({ level: String(obj.level), obj, msg: obj.msg as string | undefined });
      }
      done();
    },
  });
  const logger = createLogger(config.logLevel, capture);
  const metrics = opts.metrics ? createMetrics() : undefined;
  // The OCI observers main.ts wires, so the logs hold the same OCI lines as in production.
  const observers = metrics ? [metrics.ociObserver, createOciLogObserver(logger)] : [createOciLogObserver(logger)];
  const oci = createOciClient({ ...config.oci, logger, observer: combineObservers(...observers) });
  metrics?.bindOciStats(() => oci.stats());
  await oci.start();
  const { app } = createApp({ config, oci, logger, metrics, mappings: opts.mappings });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const secret = new TextEncoder().encode(config.auth.jwtSecret);
  return {
    url: `http://127.0.0.1:${port}`,
    sim,
    sim2,
    oci,
    logs,
    async token(claims = {}) {
      const { sub = 'test-user', level = 'system', ...rest } = claims;
      let jwt = new SignJWT({ level, typ: 'access', ...rest })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime('15m');
      if (config.auth.issuer) jwt = jwt.setIssuer(config.auth.issuer);
      if (config.auth.audience) jwt = jwt.setAudience(config.auth.audience);
      return jwt.sign(secret);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await oci.close();
      await sim.close();
      await sim2?.close();
    },
  };
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  json: any;
}

/** One HTTP request to the gateway with a bearer token; JSON in, JSON (or problem+json) out. */
export async function call(
  gw: Gateway,
  method: string,
  path: string,
  opts: {
    body?: unknown;
    rawBody?: string;
    contentType?: string;
    token?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${opts.token ?? (await gw.token())}`,
    ...opts.headers,
  };
  let body: string | undefined;
  if (opts.rawBody !== undefined || opts.body !== undefined) {
    body = opts.rawBody ?? JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  // undici's request, not fetch: the APIO document sends a JSON body on a GET.
  const res = await request(gw.url + path, { method: method as 'GET', headers, body });
  const text = await res.body.text();
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
  return { status: res.statusCode, headers: h, json: text ? JSON.parse(text) : undefined };
}

/** The REST base of a user, ids URL-encoded. */
export function userBase(tenant: string, group: string, user: string): string {
  return `/api/v1/tenants/${encodeURIComponent(tenant)}/groups/${encodeURIComponent(group)}/users/${encodeURIComponent(user)}/`;
}
