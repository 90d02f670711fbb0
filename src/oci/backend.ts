import { isWriteCommand, type OciCommand, type OciResult } from './command';
import { buildDocument, DocumentCommand, parseReply } from './document';
import { OciError } from './errors';
import type { DocumentTally, OciLoginInfo } from './executor';
import { BackendBreaker, BreakerOptions } from './breaker';
import { isLoginCommandUnknown, LoginExchange, LoginFlow, loginSession, logoutCommand, VERIFY_SESSION } from './login';
import { classifyReply } from './outcome';
import type { OciDocumentOutcome, OciLogger, OciObserver } from './observer';
import { resendDecision } from './resend-policy';
import { OciSession } from './session';
import { SessionPool, SessionPoolOptions } from './session-pool';
import type { OciTransport } from './transport';
import { withDeadline, type ExchangeSignal } from './deadline';

export interface BackendOptions {
  url: string;
  username: string;
  password: string;
  flow: LoginFlow;
  /** SOAP over HTTP(S), or OCI-P over a TCP/TLS socket per session. */
  transport: OciTransport;
  timeoutMs: number;
  breakerResetMs: number;
  breaker: BreakerOptions;
  pool: SessionPoolOptions;
  logger: OciLogger;
  observer?: OciObserver;
  /** OCI_LOGIN=auto: fall back to the 14sp4 flow when the server does not know LoginRequest22V5. */
  fallbackTo14sp4?: boolean;
  /** How long a successful exchange keeps the backend "ready" (default 5000). */
  readyWindowMs?: number;
  /** Clock of the readiness window (default Date.now); tests move it instead of sleeping. */
  now?: () => number;
}

/** How long an exchange or keep-alive keeps a backend "ready". */
export const READY_WINDOW_MS = 5000;
/** Transport-level failures in a row after which a backend no longer counts as ready. */
export const UNREADY_AFTER_LINK_FAILURES = 3;

const toDocCommands = (cmds: OciCommand[]): DocumentCommand[] => cmds.map((c) => ({ type: c.type, body: c.body }));

/** One BroadWorks endpoint: SOAP transport, circuit breaker and session pool. */
export class Backend {
  readonly url: string;
  readonly pool: SessionPool;
  readonly breaker: BackendBreaker<
    [string, OciSession, ExchangeSignal, number, boolean, string | undefined],
    OciResult[]
  >;
  lastOkAt = 0;
  logins = 0;
  /** Transport-level failures in a row (refused, reset, connect timeout, lost XSP link). */
  linkFailures = 0;
  /** The login flow in use; auto mode falls back from 22V5 to 14sp4 once, for good. */
  private flow: LoginFlow;
  private readonly transport: OciTransport;
  /** Over TCP/TLS: why the last login could not even be sent or answered (refused or closed connection). */
  private connectionProblem?: string;
  private probing?: Promise<void>;

  constructor(private readonly opts: BackendOptions) {
    this.url = opts.url;
    this.flow = opts.flow;
    this.transport = opts.transport;
    // Parsing runs inside the breaker: a backend that answers garbage is as broken as a silent one.
    this.breaker = new BackendBreaker(
      async (
        xml: string,
        session: OciSession,
        signal: ExchangeSignal,
        expected: number,
        hasWrite: boolean,
        echo: string | undefined,
      ) => {
        let inner: string;
        try {
          inner = await this.transport.exchange(xml, session, signal);
        } catch (err) {
          if (err instanceof OciError && err.kind === 'soap-fault')
            return classifyReply({ fault: err }, expected, hasWrite);
          throw err;
        }
        let results: OciResult[];
        try {
          results = parseReply(inner).results;
        } catch (err) {
          throw new OciError('bad-reply', `unreadable OCI reply: ${(err as Error).message}`, {
            sent: true,
            cause: err,
          });
        }
        // On a socket, a reply must answer this very document: an echo that comes back is the one
        // sent. (An answer to the whole document, such as "not logged in", may carry none.)
        if (echo !== undefined && this.transport.socketBound && results.length === expected)
          for (const r of results)
            if (r.echo !== undefined && r.echo !== echo)
              throw new OciError('bad-reply', `reply echo ${JSON.stringify(r.echo ?? '')} does not match the request`, {
                sent: true,
              });
        return classifyReply({ results }, expected, hasWrite);
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
  async exchange(
    session: OciSession,
    commands: DocumentCommand[],
    signal: ExchangeSignal,
    tally?: DocumentTally,
  ): Promise<OciResult[]> {
    const started = performance.now();
    if (tally) tally.documents += 1;
    let outcome: OciDocumentOutcome = 'ok';
    try {
      const xml = buildDocument({ sessionId: session.sessionId, commands });
      const hasWrite = commands.some((c) => isWriteCommand(c.type));
      const results = await this.breaker.fire(xml, session, signal, commands.length, hasWrite, commands[0]?.echo);
      session.lastOkAt = Date.now();
      this.lastOkAt = (this.opts.now ?? Date.now)();
      this.linkFailures = 0;
      return results;
    } catch (err) {
      outcome = err instanceof OciError ? err.kind : 'bad-reply';
      if (err instanceof OciError && err.link) this.linkFailures += 1;
      else if (err instanceof OciError && err.answered) this.linkFailures = 0;
      // A socket whose document went out without a readable answer may still carry a late reply:
      // it is destroyed, and the session bound to it is gone. (Nothing sent, as with an open
      // breaker: the socket is as good as before.)
      if (this.transport.socketBound && (!(err instanceof OciError) || (err.sent && !err.answered))) {
        session.dropLink();
        session.loggedIn = false;
      }
      throw err;
    } finally {
      this.opts.observer?.onDocument?.({
        backend: this.url,
        requestId: commands[0]?.echo,
        commandTypes: commands.map((c) => c.type),
        durationMs: performance.now() - started,
        outcome,
      });
    }
  }

  /** Runs one document, resending it at most once as resend-policy.ts allows. */
  async run(
    commands: DocumentCommand[],
    hasWrite: boolean,
    deadline: number,
    tally?: DocumentTally,
  ): Promise<OciResult[]> {
    // The REST request id rides in the commands' echo; log lines name it (there is no ambient context).
    const requestId = commands[0]?.echo;
    let resent = false;
    let fresh = false;
    for (;;) {
      let session: OciSession;
      try {
        session = await (fresh ? this.pool.acquireFresh(deadline) : this.pool.acquire(deadline));
      } catch (err) {
        throw acquireError(err);
      }
      let healthy = true;
      try {
        const remaining = deadline - Date.now();
        if (remaining <= 0)
          throw new OciError('timeout', 'deadline passed before sending', { sent: false, timedOut: true });
        return await withDeadline(remaining, (signal) => this.exchange(session, commands, signal, tally));
      } catch (err) {
        const decision = resendDecision(err, hasWrite, resent);
        if (decision.sessionDead) {
          healthy = false;
          session.loggedIn = false;
        }
        if (decision.action === 'fail') throw decision.error;
        resent = true;
        fresh ||= decision.fresh;
        this.opts.logger.info(
          { backend: this.url, requestId, ...(decision.fresh ? { reason: (err as Error).message } : {}) },
          decision.reason,
        );
      } finally {
        this.pool.release(session, healthy);
      }
    }
  }

  /** Logs in as another user on a throw-away session, then logs it out. */
  async verify(userId: string, password: string, deadline: number): Promise<OciLoginInfo> {
    const s = new OciSession();
    return withDeadline(Math.max(1, deadline - Date.now()), async (signal) => {
      const info = await this.loginWithFallback(
        (cmds) => this.exchange(s, toDocCommands(cmds), signal),
        userId,
        password,
      );
      await this.exchange(s, toDocCommands([logoutCommand(userId)]), signal).catch(() => undefined);
      return info;
    }).finally(() => s.dropLink());
  }

  /**
   * OCI_LOGIN=auto: a release older than R22 answers LoginRequest22V5 with a validation error
   * (6004) or "unknown command"; this backend then uses AuthenticationRequest + LoginRequest14sp4
   * from now on (logged once). A wrong password stays a login failure.
   */
  private async loginWithFallback(exchange: LoginExchange, userId: string, password: string): Promise<OciLoginInfo> {
    const flow = this.flow;
    try {
      return await loginSession(exchange, flow, userId, password);
    } catch (err) {
      if (!(this.opts.fallbackTo14sp4 && flow === '22V5' && isLoginCommandUnknown(err))) throw err;
      // Several sessions may learn it at once: remembered and logged once.
      if (this.flow === '22V5') this.flow = '14sp4';
      else return loginSession(exchange, '14sp4', userId, password);
      this.opts.logger.warn(
        { backend: this.url, reason: (err as Error).message },
        'BroadWorks does not know LoginRequest22V5 (release before R22): using AuthenticationRequest + LoginRequest14sp4 from now on',
      );
      return loginSession(exchange, this.flow, userId, password);
    }
  }

  /** The login flow this backend uses now. */
  get loginFlow(): LoginFlow {
    return this.flow;
  }

  /**
   * Ready: the breaker is not open, a session is logged in, the backend answered within the
   * last 5 s, and the last 3 exchanges were not all transport-level failures.
   */
  isReady(): boolean {
    // An open breaker fails every request at once: this replica cannot serve, whatever answered last.
    return (
      this.breaker.state !== 'open' &&
      this.pool.hasSession &&
      this.linkFailures < UNREADY_AFTER_LINK_FAILURES &&
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
    await this.transport.close();
  }

  /**
   * Over TCP/TLS, when logins fail because the connection is refused or closed before any
   * answer: the likeliest cause is the Application Server's OCI-P access list.
   */
  get connectionTrouble(): string | undefined {
    return this.connectionProblem;
  }

  private async login(s: OciSession, deadline: number): Promise<void> {
    s.renew();
    try {
      await withDeadline(Math.max(1, deadline - Date.now()), (signal) =>
        this.loginWithFallback(
          (cmds) => this.exchange(s, toDocCommands(cmds), signal),
          this.opts.username,
          this.opts.password,
        ),
      );
    } catch (err) {
      const refused = err instanceof OciError && err.kind === 'login-failed';
      s.dropLink();
      this.noteConnectionProblem(err);
      this.opts.observer?.onLogin?.({ backend: this.url, ok: false, refused });
      // Refused credentials need an operator (and may count toward a lockout): error, not warn.
      this.opts.logger[refused ? 'error' : 'warn'](
        { backend: this.url, kind: (err as OciError).kind, reason: (err as Error).message },
        refused ? 'OCI login refused' : 'OCI login failed',
      );
      throw err;
    }
    s.loggedIn = true;
    s.loggedInAt = Date.now();
    this.connectionProblem = undefined;
    this.logins += 1;
    this.opts.observer?.onLogin?.({ backend: this.url, ok: true });
    this.opts.logger.debug({ backend: this.url }, 'OCI session logged in');
  }

  private noteConnectionProblem(err: unknown): void {
    if (!this.transport.socketBound || !(err instanceof OciError) || !err.link) return;
    if (err.kind !== 'unavailable' && err.kind !== 'outcome-unknown') return;
    // A TLS refusal has its own clear cause: no access-list hint there.
    if (/certificate/i.test(err.message)) {
      this.connectionProblem = err.message;
      return;
    }
    this.connectionProblem =
      `connections to ${this.url} are refused or closed before login (${err.message}); ` +
      "likely cause: this host is not in the Application Server's OCI-P access list";
  }

  private async logout(s: OciSession): Promise<void> {
    try {
      if (!s.loggedIn) return;
      await withDeadline(Math.min(this.opts.timeoutMs, 2000), (signal) =>
        this.exchange(s, toDocCommands([logoutCommand(this.opts.username)]), signal),
      );
    } finally {
      s.loggedIn = false;
      s.dropLink();
    }
  }

  private async probeSession(s: OciSession): Promise<void> {
    const [r] = await withDeadline(this.opts.timeoutMs, (signal) =>
      this.exchange(s, toDocCommands([VERIFY_SESSION]), signal),
    );
    if (r.kind === 'error') {
      // Usually the server no longer knows the session, but an Error can come from a session it
      // still holds: log this identity out (best effort, in the background: the caller may be a
      // request about to log in afresh) so no logged-in session is left behind at BroadWorks.
      // Over TCP/TLS the session lives on its socket: the copy takes the socket along.
      const held = Object.assign(new OciSession(), {
        sessionId: s.sessionId,
        jar: s.jar,
        link: s.link,
        loggedIn: true,
      });
      s.link = undefined;
      s.loggedIn = false;
      this.pool.logoutInBackground(held);
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
