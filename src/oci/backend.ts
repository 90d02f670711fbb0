import type { Dispatcher } from 'undici';
import type { OciCommand, OciResult } from './command';
import { buildDocument, DocumentCommand, parseReply } from './document';
import { OciError } from './errors';
import type { OciLoginInfo } from './executor';
import { BackendBreaker, BreakerOptions } from './breaker';
import type { CookieJar } from './cookie-jar';
import { LoginFlow, loginSession, logoutCommand, VERIFY_SESSION } from './login';
import type { OciDocumentOutcome, OciLogger, OciObserver } from './observer';
import { OciSession } from './session';
import { SessionPool, SessionPoolOptions } from './session-pool';
import { SoapTransport } from './transport';

export interface BackendOptions {
  url: string;
  username: string;
  password: string;
  flow: LoginFlow;
  dispatcher: Dispatcher;
  timeoutMs: number;
  breakerResetMs: number;
  breaker: BreakerOptions;
  pool: SessionPoolOptions;
  logger: OciLogger;
  observer?: OciObserver;
  /** How long a successful exchange keeps the backend "ready" (default 5000). */
  readyWindowMs?: number;
  /** Clock of the readiness window (default Date.now); tests move it instead of sleeping. */
  now?: () => number;
}

/** How long an exchange or keep-alive keeps a backend "ready". */
export const READY_WINDOW_MS = 5000;

const toDocCommands = (cmds: OciCommand[]): DocumentCommand[] => cmds.map((c) => ({ type: c.type, body: c.body }));

/** One BroadWorks endpoint: SOAP transport, circuit breaker and session pool. */
export class Backend {
  readonly url: string;
  readonly pool: SessionPool;
  readonly breaker: BackendBreaker<[string, CookieJar, AbortSignal, number], OciResult[]>;
  lastOkAt = 0;
  logins = 0;
  private readonly transport: SoapTransport;
  private probing?: Promise<void>;

  constructor(private readonly opts: BackendOptions) {
    this.url = opts.url;
    this.transport = new SoapTransport(opts.url, opts.dispatcher);
    // Parsing runs inside the breaker: a backend that answers garbage is as broken as a silent one.
    this.breaker = new BackendBreaker(
      async (xml: string, jar: CookieJar, signal: AbortSignal, expected: number) => {
        const inner = await this.transport.exchange(xml, jar, signal);
        let results: OciResult[];
        try {
          results = parseReply(inner).results;
        } catch (err) {
          throw new OciError('bad-reply', `unreadable OCI reply: ${(err as Error).message}`, {
            sent: true,
            cause: err,
          });
        }
        if (results.length !== expected) {
          throw new OciError('bad-reply', `sent ${expected} commands, got ${results.length} results`, { sent: true });
        }
        return results;
      },
      opts.breakerResetMs,
      opts.breaker,
      (state) => {
        opts.logger.warn({ backend: opts.url, state }, 'OCI circuit breaker state changed');
        opts.observer?.onBreakerState?.({ backend: opts.url, state });
      },
    );
    this.pool = new SessionPool(opts.pool, {
      login: (s, deadline) => this.login(s, deadline),
      logout: (s) => this.logout(s),
      probe: (s) => this.probeSession(s),
    });
  }

  /** Sends one document on a session; results pair with commands by position. */
  async exchange(session: OciSession, commands: DocumentCommand[], signal: AbortSignal): Promise<OciResult[]> {
    const started = performance.now();
    let outcome: OciDocumentOutcome = 'ok';
    try {
      const xml = buildDocument({ sessionId: session.sessionId, commands });
      const results = await this.breaker.fire(xml, session.jar, signal, commands.length);
      session.lastOkAt = Date.now();
      this.lastOkAt = (this.opts.now ?? Date.now)();
      return results;
    } catch (err) {
      outcome = err instanceof OciError ? err.kind : 'bad-reply';
      throw err;
    } finally {
      this.opts.observer?.onDocument?.({
        backend: this.url,
        commandTypes: commands.map((c) => c.type),
        durationMs: performance.now() - started,
        outcome,
      });
    }
  }

  /*
   * RESEND RULE — when a document may go out a second time:
   * 1. The server refused it because the session was not logged in (SOAP fault
   *    INVALID_REQUEST / "before user is logged in"): it was never executed → resend it
   *    once, on a session that has just logged in (pool.acquireFresh).
   * 2. A document without any write whose connection dropped: resend once.
   * 3. A document with a write whose fate is unknown (connection dropped after sending,
   *    the deadline passed, or the reply was unreadable): NEVER resent, neither here nor on the secondary → it ends
   *    as OciError('outcome-unknown', {sent: true, timedOut for deadlines}).
   * 4. A read that hits the deadline → OciError('timeout').
   * 5. Nothing sent (cannot connect, breaker open, login impossible) → 'unavailable'
   *    with sent=false; the client may then try the secondary, for reads and writes.
   */
  async run(commands: DocumentCommand[], hasWrite: boolean, deadline: number): Promise<OciResult[]> {
    let resent = false;
    let lostSession = false;
    for (;;) {
      let session: OciSession;
      try {
        session = await (lostSession ? this.pool.acquireFresh(deadline) : this.pool.acquire(deadline));
      } catch (err) {
        throw acquireError(err);
      }
      let healthy = true;
      try {
        const remaining = deadline - Date.now();
        if (remaining <= 0)
          throw new OciError('timeout', 'deadline passed before sending', { sent: false, timedOut: true });
        return await this.exchange(session, commands, AbortSignal.timeout(remaining));
      } catch (err) {
        const e =
          err instanceof OciError ? err : new OciError('bad-reply', (err as Error).message, { sent: true, cause: err });
        if (e.kind === 'session-lost') {
          healthy = false;
          session.loggedIn = false;
          if (!resent) {
            resent = true;
            lostSession = true;
            this.opts.logger.info({ backend: this.url }, 'OCI session lost; logging in again and resending once');
            continue;
          }
          throw new OciError('unavailable', `OCI session lost again after a new login: ${e.message}`, {
            sent: false,
            cause: e,
          });
        }
        if (e.kind === 'outcome-unknown') {
          if (!hasWrite && !resent) {
            resent = true;
            this.opts.logger.info({ backend: this.url }, 'OCI connection dropped during a read; resending once');
            continue;
          }
          if (!hasWrite)
            throw new OciError('unavailable', `connection dropped twice during a read: ${e.message}`, {
              sent: true,
              cause: e,
            });
          throw e;
        }
        if (e.kind === 'timeout' && e.sent) {
          // The document may still be running on the server: this session is done for.
          healthy = false;
          if (hasWrite)
            throw new OciError('outcome-unknown', 'write sent, no reply before the deadline', {
              sent: true,
              timedOut: true,
              cause: e,
            });
        }
        // The server ran the document but we cannot read what it said: a write's fate is unknown.
        if (e.kind === 'bad-reply' && hasWrite)
          throw new OciError('outcome-unknown', `write sent, unreadable reply: ${e.message}`, { sent: true, cause: e });
        throw e;
      } finally {
        this.pool.release(session, healthy);
      }
    }
  }

  /** Logs in as another user on a throw-away session, then logs it out. */
  async verify(userId: string, password: string, deadline: number): Promise<OciLoginInfo> {
    const s = new OciSession();
    const signal = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
    const info = await loginSession(
      (cmds) => this.exchange(s, toDocCommands(cmds), signal),
      this.opts.flow,
      userId,
      password,
    );
    await this.exchange(s, toDocCommands([logoutCommand(userId)]), signal).catch(() => undefined);
    return info;
  }

  /** True when the breaker is not open, a session is logged in and the backend answered within the last 5 s. */
  isReady(): boolean {
    // An open breaker fails every request at once: this replica cannot serve, whatever answered last.
    return (
      this.breaker.state !== 'open' &&
      this.pool.hasSession &&
      (this.opts.now ?? Date.now)() - this.lastOkAt <= (this.opts.readyWindowMs ?? READY_WINDOW_MS)
    );
  }

  /** Probes one idle session (deduplicated); resolves when done. */
  probe(): Promise<void> {
    if (!this.probing) {
      const p = this.pool.probeOne();
      if (!p) return Promise.resolve();
      this.probing = p.finally(() => (this.probing = undefined));
    }
    return this.probing;
  }

  async close(): Promise<void> {
    await this.pool.close();
    this.breaker.shutdown();
  }

  private async login(s: OciSession, deadline: number): Promise<void> {
    s.renew();
    const signal = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
    try {
      await loginSession(
        (cmds) => this.exchange(s, toDocCommands(cmds), signal),
        this.opts.flow,
        this.opts.username,
        this.opts.password,
      );
    } catch (err) {
      this.opts.observer?.onLogin?.({ backend: this.url, ok: false });
      this.opts.logger.warn(
        { backend: this.url, kind: (err as OciError).kind, reason: (err as Error).message },
        'OCI login failed',
      );
      throw err;
    }
    s.loggedIn = true;
    s.loggedInAt = Date.now();
    this.logins += 1;
    this.opts.observer?.onLogin?.({ backend: this.url, ok: true });
    this.opts.logger.debug({ backend: this.url }, 'OCI session logged in');
  }

  private async logout(s: OciSession): Promise<void> {
    if (!s.loggedIn) return;
    s.loggedIn = false;
    const signal = AbortSignal.timeout(Math.min(this.opts.timeoutMs, 2000));
    await this.exchange(s, toDocCommands([logoutCommand(this.opts.username)]), signal);
  }

  private async probeSession(s: OciSession): Promise<void> {
    const [r] = await this.exchange(s, toDocCommands([VERIFY_SESSION]), AbortSignal.timeout(this.opts.timeoutMs));
    if (r.kind === 'error') {
      s.loggedIn = false;
      throw new OciError('session-lost', `keep-alive refused: ${r.summaryEnglish}`, { sent: true });
    }
  }
}

/** Why no session could be had: the document itself was never sent. */
function acquireError(err: unknown): OciError {
  if (!(err instanceof OciError))
    return new OciError('unavailable', `OCI login error: ${(err as Error).message}`, { cause: err });
  switch (err.kind) {
    case 'busy':
    case 'unavailable':
      return err;
    case 'timeout':
      return new OciError('timeout', err.message, { sent: false, timedOut: true, cause: err });
    case 'login-failed':
      return new OciError('unavailable', `OCI login failed: ${err.message}`, {
        sent: false,
        retryAfterSeconds: 1,
        cause: err,
      });
    default:
      return new OciError('unavailable', `OCI login did not complete: ${err.message}`, { sent: false, cause: err });
  }
}
