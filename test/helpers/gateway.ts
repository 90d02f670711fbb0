import { SignJWT } from 'jose';
import { appendFileSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Agent, request } from 'undici';
import { composeGateway } from '../../src/compose-gateway';
import type { Auth } from '../../src/http/auth';
import { loadConfig, type Config } from '../../src/config';
import type { Coordination } from '../../src/coordination';
import type { Principal } from '../../src/http/principal';
import type { ResourceMapping } from '../../src/mapping/types';
import type { OciClient } from '../../src/oci/client';
import { createLogger } from '../../src/observability/logger';
import type { GatewayMetrics } from '../../src/observability/metrics';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';
import type { AnyAnswer } from './http';
import { listen } from './listen';

export interface Gateway {
  url: string;
  sim: Simulator;
  /** The secondary backend, when `secondary` was given. */
  sim2?: Simulator;
  oci: OciClient;
  /** The configuration the app was built from. */
  config: Config;
  /** The app's authentication (issueToken signs with the configured secret and clock). */
  auth: Auth;
  metrics?: GatewayMetrics;
  /** Log lines the gateway wrote (pino-compatible capture). */
  logs: { level: string; obj: Record<string, unknown>; msg?: string }[];
  /** Everything the logger wrote, byte for byte (for "no secret in the output" checks). */
  logText(): string;
  token(claims?: Partial<Principal>): Promise<string>;
  /** Demo mode's tokens and curl lines, as `npm start` prints them, for this gateway's URL. */
  printDemoTokens(write: (line: string) => void): Promise<void>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Environment variables, as main.ts would read them (PORT=0 and LOG_LEVEL=debug unless given). */
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
  secondary?: SimulatorOptions;
  /** Puts something (e.g. a proxy that drops a chosen document) in front of the simulator. */
  primaryUrl?: (sim: Simulator) => string | Promise<string>;
  mappings?: ResourceMapping[];
  metrics?: boolean;
  /** Stores for the write lock, idempotency, counters (default: in-process, from the config). */
  coordination?: Coordination;
  /** The app's clock (tokens, login limits, rate limit, idempotency TTL); default Date.now. */
  now?: () => number;
  /** The OCI client's readiness-window clock; default Date.now. */
  readinessNow?: () => number;
  /** Readiness window of the OCI client (default 5000 ms). */
  readyWindowMs?: number;
  /** Also append the raw log output to this file (default: $GATEWAY_LOG_FILE; unset: no file). */
  logFile?: string;
}

/**
 * A real gateway over HTTP on 127.0.0.1 against the simulator, built by the composition root
 * main.ts calls: config from env, pino logger, composeGateway, listen.
 */
export async function startGateway(opts: GatewayOptions = {}): Promise<Gateway> {
  const over = socketTransportUnderTest();
  const sim = await startSimulator({ quiet: true, ...over?.simulator, ...opts.simulator });
  // OCI_URL may list a primary and a secondary: a second simulator plays the secondary.
  const sim2 = opts.secondary
    ? await startSimulator({ quiet: true, ...over?.simulator, ...opts.secondary })
    : undefined;
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'debug', ...over?.env, ...opts.env });
  const urlOf = over?.urlOf ?? ((s: Simulator) => s.url);
  const primary = opts.primaryUrl ? await opts.primaryUrl(sim) : urlOf(sim);
  // A real pino logger whose JSON lines are kept for the assertions.
  const logs: Gateway['logs'] = [];
  let logText = '';
  const logFile = opts.logFile ?? process.env.GATEWAY_LOG_FILE;
  const capture = new Writable({
    write(chunk: Buffer, _enc, done) {
      // The bytes exactly as the logger wrote them, before any parsing (for redaction checks).
      if (logFile) appendFileSync(logFile, chunk);
      logText += chunk.toString('utf8');
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        const obj = JSON.parse(line) as Record<string, unknown>;
        logs.push({ level: String(obj.level), obj, msg: obj.msg as string | undefined });
      }
      done();
    },
  });
  const logger = createLogger(config.logLevel, capture);
  // The composition root main.ts calls, so the OCI client, its observers, metrics and coordination are main.ts's.
  const gateway = await composeGateway({
    config,
    logger,
    metrics: opts.metrics ?? false,
    // The simulator's URL is passed here, as main.ts passes its built-in one.
    ociUrls: sim2 ? [primary, urlOf(sim2)] : [primary],
    oci: {
      // The simulator speaks plain http: the two-step 14sp4 login unless a test asks for another.
      login: opts.env?.OCI_LOGIN ? config.oci.login : '14sp4',
      readyWindowMs: opts.readyWindowMs,
      readinessNow: opts.readinessNow,
    },
    coordination: opts.coordination,
    mappings: opts.mappings,
    now: opts.now,
  });
  const { oci, metrics, app, auth } = gateway;
  const http = await listen(app);
  const secret = new TextEncoder().encode(config.auth.jwtSecret);
  return {
    url: http.url,
    sim,
    sim2,
    oci,
    config,
    auth,
    metrics,
    logs,
    logText: () => logText,
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
    printDemoTokens: (write) => gateway.printDemoTokens(write, http.url),
    async close() {
      await http.close();
      await gateway.close();
      await sim.close();
      await sim2?.close();
    },
  };
}

/**
 * OCI_TEST_TRANSPORT=tcp or tls (the e2e projects http-over-tcp and http-over-tls set it): the
 * simulators also listen on a socket and the gateway reaches them there instead of over SOAP.
 * TLS uses the certificate and CA of OCI_TEST_TLS_CERT, OCI_TEST_TLS_KEY and OCI_TEST_CA_FILE.
 */
function socketTransportUnderTest():
  { simulator: SimulatorOptions; env: Record<string, string>; urlOf: (s: Simulator) => string } | undefined {
  const transport = process.env.OCI_TEST_TRANSPORT;
  if (transport === 'tcp') return { simulator: { tcpPort: 0 }, env: {}, urlOf: (s) => s.tcpUrl };
  if (transport !== 'tls') return undefined;
  const { OCI_TEST_TLS_CERT: cert, OCI_TEST_TLS_KEY: key, OCI_TEST_CA_FILE: caFile } = process.env;
  if (!cert || !key || !caFile)
    throw new Error('OCI_TEST_TRANSPORT=tls needs OCI_TEST_TLS_CERT, _KEY and OCI_TEST_CA_FILE');
  return {
    simulator: { tlsPort: 0, tls: { cert: readFileSync(cert), key: readFileSync(key) } },
    env: { OCI_CA_FILE: caFile },
    urlOf: (s) => s.tlsUrl,
  };
}

export interface ApiAnswer<T = AnyAnswer> {
  status: number;
  headers: Headers;
  json: T;
}

/** Connections from another loopback address (127.0.0.2 …), so that a test can be several clients. */
const agents = new Map<string, Agent>();
function from(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (!agent) agents.set(localAddress, (agent = new Agent({ localAddress })));
  return agent;
}

/** One HTTP request to the gateway with a bearer token (null: none); JSON in, JSON (or problem+json) out. */
export async function call<T = AnyAnswer>(
  gw: Pick<Gateway, 'url' | 'token'>,
  method: string,
  path: string,
  opts: {
    body?: unknown;
    rawBody?: string;
    contentType?: string;
    token?: string | null;
    headers?: Record<string, string>;
    /** The client's own address, a loopback one such as 127.0.0.7. */
    localAddress?: string;
  } = {},
): Promise<ApiAnswer<T>> {
  const token = opts.token === undefined ? await gw.token() : opts.token;
  const headers: Record<string, string> = {
    ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    ...opts.headers,
  };
  let body: string | undefined;
  if (opts.rawBody !== undefined || opts.body !== undefined) {
    body = opts.rawBody ?? JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  // undici's request, not fetch: the APIO document sends a JSON body on a GET.
  const res = await request(gw.url + path, {
    method: method as 'GET',
    headers,
    body,
    dispatcher: opts.localAddress ? from(opts.localAddress) : undefined,
  });
  const text = await res.body.text();
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
  return { status: res.statusCode, headers: h, json: (text ? JSON.parse(text) : undefined) as T };
}

/** The REST base of a user, ids URL-encoded. */
export function userBase(tenant: string, group: string, user: string): string {
  return `/api/v1/tenants/${encodeURIComponent(tenant)}/groups/${encodeURIComponent(group)}/users/${encodeURIComponent(user)}/`;
}
