import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Dispatcher, Pool } from 'undici';
import type { OciConfig } from '../config';
import { isWriteCommand, OciCommand, OciResult } from './command';
import { MAX_COMMANDS_PER_DOCUMENT } from './document';
import { OciError } from './errors';
import type { OciCredentialVerifier, OciExecuteOptions, OciExecutor, OciLoginInfo } from './executor';
import { Backend, UNREADY_AFTER_LINK_FAILURES } from './backend';
import type { BreakerOptions } from './breaker';
import { chooseLoginFlow } from './login';
import { isSocketUrl } from './endpoint-url';
import { SocketTransport } from './socket-transport';
import { SoapTransport, type OciTransport } from './transport';
import { OciBreakerState, OciLogger, OciObserver, silentLogger } from './observer';
import { startRecoveryProbe, type RecoveryTarget } from './recovery-probe';
import { withoutUserinfo } from '../url-userinfo';

export interface OciClientOptions extends OciConfig {
  /** Tests may inject `MockAgent.get(origin)`; default: an undici Pool per backend. */
  dispatcherFactory?: (origin: string) => Dispatcher;
  breaker?: BreakerOptions;
  loginBackoffMs?: { initial: number; max: number };
  logger?: OciLogger;
  observer?: OciObserver;
  /** Readiness window (default 5000 ms); tests shorten it. */
  readyWindowMs?: number;
  /** Clock of the readiness window (default Date.now); tests move it instead of sleeping. */
  readinessNow?: () => number;
  /** Wait after a refused login before the recovery probe tries again (default one minute). */
  recoveryRefusedBackoffMs?: number;
}

export interface OciClientStats {
  backends: { url: string; breaker: OciBreakerState; sessions: number; busy: number; waiting: number }[];
  /** Successful pool logins since start (throw-away verifyCredentials logins excluded). */
  logins: number;
}

export interface OciClient extends OciExecutor, OciCredentialVerifier {
  /** Logs one session in; never throws when the backend is down (keeps retrying in the background). */
  start(): Promise<void>;
  /** LogoutRequest for every idle session, then closes the connection pools. */
  close(): Promise<void>;
  /**
   * Ready: some backend has a logged-in session, a successful exchange or probe no older than
   * 5 s, a breaker not open, and fewer than 3 transport-level failures in a row.
   */
  readiness(): { ready: boolean; reason?: string };
  /** Like readiness(), but first probes an idle session when the last exchange is stale. */
  checkReadiness(): Promise<{ ready: boolean; reason?: string }>;
  stats(): OciClientStats;
}

/** Splits a command list into documents of at most 15 commands, in order. */
export function chunkCommands<T>(commands: T[], size = MAX_COMMANDS_PER_DOCUMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < commands.length; i += size) out.push(commands.slice(i, i + size));
  return out;
}

/**
 * The CAs trusted for https:// and tls:// backends: Node's roots plus OCI_CA_FILE's, when given
 * (a `ca` option replaces Node's roots, so they are listed too); undefined: Node's roots alone.
 */
export function trustedCas(caFile: string | undefined): string[] | undefined {
  return caFile ? [...rootCertificates, readFileSync(caFile, 'utf8')] : undefined;
}

/** Builds the OCI-P client: session pools per backend, breaker, failover, batching. */
export function createOciClient(opts: OciClientOptions): OciClient {
  if (opts.urls.length === 0) throw new Error('createOciClient: no backend URL');
  const logger = opts.logger ?? silentLogger;
  const ca = trustedCas(opts.caFile);
  const owned: Dispatcher[] = [];
  // Never longer than half the deadline: leaves time for the secondary.
  const connectTimeout = Math.min(opts.connectTimeoutMs, Math.ceil(opts.timeoutMs / 2));
  const transportFor = (url: string): OciTransport => {
    if (isSocketUrl(url)) return new SocketTransport(url, { connectTimeoutMs: connectTimeout, ca });
    const origin = new URL(url).origin;
    let dispatcher = opts.dispatcherFactory?.(origin);
    if (!dispatcher) {
      // One connection per session plus headroom for verifyCredentials and logouts.
      // A blackholed backend must fail fast as "cannot connect" (unsent: failover, breaker)
      // rather than hold each request for undici's default 10 s. Half the deadline at most,
      // so the connect timeout fires before the document deadline and leaves time for the secondary.
      // (undici's connect timer is coarse: it fires up to ~0.5 s late.)
      dispatcher = new Pool(origin, { connections: opts.sessions + 2, connect: { timeout: connectTimeout, ca } });
      owned.push(dispatcher);
    }
    return new SoapTransport(url, dispatcher);
  };
  const backends = opts.urls.map((given) => {
    // The URL names the backend in logs, metrics and /readyz: never with credentials in it.
    const url = withoutUserinfo(given);
    return new Backend({
      url,
      username: opts.username,
      password: opts.password,
      flow: chooseLoginFlow(url, opts.login, opts.allowPlainPasswordOverHttp),
      fallbackTo14sp4: opts.login === 'auto',
      transport: transportFor(url),
      timeoutMs: opts.timeoutMs,
      breakerResetMs: opts.breakerResetMs,
      breaker: opts.breaker ?? {},
      pool: {
        size: opts.sessions,
        queueMax: opts.queueMax,
        sessionMaxAgeMs: opts.sessionMaxAgeMs,
        keepAliveMs: opts.keepAliveMs,
        timeoutMs: opts.timeoutMs,
        loginBackoffMs: opts.loginBackoffMs ?? { initial: 1000, max: 60_000 },
      },
      logger,
      observer: opts.observer,
      readyWindowMs: opts.readyWindowMs,
      now: opts.readinessNow,
    });
  });

  /**
   * What the recovery probe sees of a backend: not ready (no session, an open breaker, no
   * recent exchange), and how to mend it. An idle backend thus gets a keep-alive about every
   * readiness window, so that sessions BroadWorks dropped are noticed and replaced before a
   * request or a health check needs them.
   */
  const recoveryTarget = (b: Backend): RecoveryTarget => ({
    url: b.url,
    needsRecovery: () => !b.isReady() || b.breaker.state !== 'closed',
    async recover() {
      // Open: every attempt would fail at once; the breaker turns half-open by itself.
      if (b.breaker.state === 'open') return;
      if (b.pool.hasSession) {
        // A keep-alive proves a session alive (and is the half-open trial), or retires it.
        await b.probe();
        if (b.pool.hasSession) return;
      }
      await b.pool.loginOne();
    },
  });
  const probes = opts.recoveryProbeMs
    ? backends.map((b) =>
        startRecoveryProbe(recoveryTarget(b), {
          intervalMs: opts.recoveryProbeMs!,
          refusedBackoffMs: opts.recoveryRefusedBackoffMs,
          logger,
        }),
      )
    : [];

  /** Backends to try, preferred first: a primary with an open breaker goes last. */
  const order = (): Backend[] =>
    backends.length === 1
      ? backends
      : [...backends.filter((b) => b.breaker.state !== 'open'), ...backends.filter((b) => b.breaker.state === 'open')];

  /**
   * Runs on the first backend that can take it; moves on only when nothing was sent, or when
   * a read-only document could not be served (a read may run anywhere, any number of times).
   */
  async function onSomeBackend<T>(run: (b: Backend) => Promise<T>, readOnly = false): Promise<T> {
    let last: unknown;
    for (const b of order()) {
      try {
        return await run(b);
      } catch (err) {
        last = err;
        if (!(err instanceof OciError && err.kind === 'unavailable' && (!err.sent || readOnly))) throw err;
      }
    }
    throw last;
  }

  async function runDocument(chunk: OciCommand[], execOpts: OciExecuteOptions): Promise<OciResult[]> {
    const { requestId, tally } = execOpts;
    const deadline = Date.now() + opts.timeoutMs;
    const hasWrite = chunk.some((c) => isWriteCommand(c.type));
    // The REST request id rides in every command's echo attribute (log correlation).
    const commands = chunk.map((c) => ({ type: c.type, echo: requestId, body: c.body }));
    return onSomeBackend((b) => b.run(commands, hasWrite, deadline, tally), !hasWrite);
  }

  /** `probe`: start a background probe when stale (checkReadiness has just awaited one). */
  function readiness(probe = true): { ready: boolean; reason?: string } {
    if (backends.some((b) => b.isReady())) return { ready: true };
    const withSession = backends.find((b) => b.pool.hasSession);
    if (withSession) {
      if (probe) void withSession.probe();
      const failing = backends.every((b) => b.linkFailures >= UNREADY_AFTER_LINK_FAILURES);
      return {
        ready: false,
        reason: failing
          ? `${UNREADY_AFTER_LINK_FAILURES} transport failures in a row on every backend; probing`
          : 'no recent exchange; probing',
      };
    }
    const refused = backends.map((b) => b.pool.loginProblem).find(Boolean);
    if (refused) return { ready: false, reason: `login refused: ${refused}` };
    const trouble = backends.map((b) => b.connectionTrouble).find(Boolean);
    return { ready: false, reason: trouble ?? 'no OCI session logged in' };
  }

  let closed = false;
  return {
    async execute(commands: OciCommand[], execOpts: OciExecuteOptions = {}): Promise<OciResult[]> {
      if (closed) throw new OciError('unavailable', 'the OCI client is closed');
      const results: OciResult[] = [];
      // Documents go out one after another, so that later ones see earlier writes.
      for (const chunk of chunkCommands(commands)) {
        execOpts.beforeDocument?.();
        results.push(...(await runDocument(chunk, execOpts)));
      }
      return results;
    },

    async verifyCredentials(userId: string, password: string): Promise<OciLoginInfo> {
      const deadline = Date.now() + opts.timeoutMs;
      return onSomeBackend((b) => b.verify(userId, password, deadline));
    },

    async start(): Promise<void> {
      // With a recovery probe, it (not the pool's warm-up) retries, at its own pace.
      for (const b of backends) {
        if (await b.pool.warmUp(probes.length === 0)) return;
      }
    },

    async close(): Promise<void> {
      closed = true;
      for (const p of probes) p.stop();
      await Promise.all(backends.map((b) => b.close()));
      await Promise.all(owned.map((d) => d.close().catch(() => undefined)));
    },

    readiness: () => readiness(),

    async checkReadiness() {
      if (!backends.some((b) => b.isReady())) {
        const withSession = backends.find((b) => b.pool.hasSession);
        if (withSession) await withSession.probe();
      }
      return readiness(false);
    },

    stats(): OciClientStats {
      return {
        backends: backends.map((b) => ({ url: b.url, breaker: b.breaker.state, ...b.pool.stats() })),
        logins: backends.reduce((n, b) => n + b.logins, 0),
      };
    },
  };
}
