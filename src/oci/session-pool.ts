import { OciError } from './errors';
import { OciSession } from './session';

export interface SessionPoolHooks {
  /** Logs the session in (fresh sessionId and jar); throws OciError. */
  login(session: OciSession, deadline: number): Promise<void>;
  /** Best-effort LogoutRequest. */
  logout(session: OciSession): Promise<void>;
  /** VerifySessionIsValidRequest; throws when the session is gone. */
  probe(session: OciSession): Promise<void>;
}

export interface SessionPoolOptions {
  size: number;
  queueMax: number;
  sessionMaxAgeMs: number;
  keepAliveMs: number;
  /** Deadline of a background (warm-up) login. */
  timeoutMs: number;
  loginBackoffMs: { initial: number; max: number };
}

/** A failed probe retires its session only when the session itself is in doubt (not when the backend is unreachable). */
function sessionIsGone(err: unknown): boolean {
  return !(err instanceof OciError) || !['unavailable', 'busy'].includes(err.kind);
}

interface Waiter {
  resolve: (s: OciSession) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
  deadline: number;
}

/**
 * Up to `size` independently logged-in sessions, one document in flight on each, and a
 * bounded FIFO of waiters. Sessions are created lazily when requests wait. Failed logins
 * back off exponentially: while backing off with no session, requests fail at once
 * (never held, never a tight login loop).
 */
export class SessionPool {
  private readonly all = new Set<OciSession>();
  private readonly idle: OciSession[] = [];
  private readonly waiters: Waiter[] = [];
  private creating = 0;
  private loginFailures = 0;
  private blockedUntil = 0;
  private lastLoginError?: OciError;
  private keepAliveTimer?: NodeJS.Timeout;
  private warmTimer?: NodeJS.Timeout;
  private closed = false;
  /** Background logouts still on their way (close() waits for them). */
  private readonly loggingOut = new Set<Promise<void>>();

  constructor(
    private readonly opts: SessionPoolOptions,
    private readonly hooks: SessionPoolHooks,
  ) {
    this.keepAliveTimer = setInterval(
      () => this.sweep(),
      Math.max(10, Math.min(opts.keepAliveMs, opts.sessionMaxAgeMs) / 2),
    );
    this.keepAliveTimer.unref();
  }

  /** True when at least one session is logged in. */
  get hasSession(): boolean {
    for (const s of this.all) if (s.loggedIn) return true;
    return false;
  }

  stats(): { sessions: number; busy: number; waiting: number } {
    return { sessions: this.all.size, busy: this.all.size - this.idle.length, waiting: this.waiters.length };
  }

  /** Why BroadWorks refused the last login, while no login has succeeded since. */
  get loginProblem(): string | undefined {
    return this.loginFailures > 0 ? this.lastLoginError?.message : undefined;
  }

  /**
   * Logs one session in; on failure keeps retrying in the background with back-off unless
   * `retry` is false (a recovery probe does that instead). Resolves after the first attempt,
   * never rejects.
   */
  async warmUp(retry = true): Promise<boolean> {
    if (this.closed || this.all.size > 0) return true;
    try {
      const s = await this.create(Date.now() + this.opts.timeoutMs);
      this.put(s);
      return true;
    } catch {
      if (!retry) return false;
      const delay = Math.max(this.blockedUntil - Date.now(), this.backoffDelay(Math.max(1, this.loginFailures)));
      clearTimeout(this.warmTimer);
      this.warmTimer = setTimeout(() => void this.warmUp(), delay);
      this.warmTimer.unref();
      return false;
    }
  }

  /**
   * Logs one more session in when there is room (the recovery probe), whatever the login
   * back-off says: the caller paces its own attempts. Rejects with the login's error.
   */
  async loginOne(): Promise<void> {
    for (const s of [...this.idle]) if (!s.loggedIn) this.retire(s);
    if (this.closed || this.all.size + this.creating >= this.opts.size) return;
    this.put(await this.create(Date.now() + this.opts.timeoutMs));
  }

  /** A logged-in session for one document, by `deadline` (ms since epoch). */
  async acquire(deadline: number): Promise<OciSession> {
    if (this.closed) throw new OciError('unavailable', 'the OCI client is closed');
    for (;;) {
      const s = this.idle.pop();
      if (!s) break;
      if (this.tooOld(s)) {
        this.retire(s, true);
        continue;
      }
      return s;
    }
    if (this.all.size + this.creating < this.opts.size) {
      const blocked = this.blockedError();
      if (!blocked) return this.create(deadline);
      // Backing off: only wait when some session exists that may come back.
      if (this.all.size === 0) throw blocked;
    }
    if (this.waiters.length >= this.opts.queueMax) {
      throw new OciError('busy', `OCI request queue full (${this.opts.queueMax} waiting)`, { retryAfterSeconds: 1 });
    }
    return new Promise<OciSession>((resolve, reject) => {
      const w: Waiter = {
        resolve,
        reject,
        deadline,
        timer: setTimeout(
          () => {
            this.dropWaiter(w);
            reject(
              new OciError('timeout', 'no OCI session became free before the deadline', {
                sent: false,
                timedOut: true,
              }),
            );
          },
          Math.max(0, deadline - Date.now()),
        ),
      };
      this.waiters.push(w);
    });
  }

  /**
   * Like acquire, but the session has logged in, or proved alive, during this call. Used for the one resend after
   * a lost session: sessions logged in at about the same time may have expired on the server
   * too, and resending on one of them would fail again.
   */
  async acquireFresh(deadline: number): Promise<OciSession> {
    if (this.closed) throw new OciError('unavailable', 'the OCI client is closed');
    // The lost session was retired, so there is usually room for a new one.
    if (this.all.size + this.creating < this.opts.size) {
      const blocked = this.blockedError();
      if (blocked) throw blocked;
      return this.create(deadline);
    }
    const since = Date.now();
    const s = await this.acquire(deadline);
    if (s.loggedInAt >= since) return s;
    // Proven alive just now is as good as new; a session the server forgot logs in again.
    try {
      await this.hooks.probe(s);
      return s;
    } catch (err) {
      if (!sessionIsGone(err)) {
        this.release(s);
        throw err;
      }
    }
    try {
      await this.hooks.login(s, deadline);
    } catch (err) {
      this.release(s, false);
      throw err;
    }
    return s;
  }

  /** Gives a session back after a document; `healthy` false retires it. */
  release(s: OciSession, healthy = true): void {
    if (this.closed) {
      this.all.delete(s);
      this.discard(s, healthy);
      return;
    }
    if (!healthy || !s.loggedIn) this.retire(s);
    else this.put(s);
  }

  /**
   * Drops a session from the pool. `logout` sends a LogoutRequest in the background; a
   * session whose document timed out is dropped silently (that document may still run).
   */
  retire(s: OciSession, logout = false): void {
    if (!this.all.delete(s)) return;
    const i = this.idle.indexOf(s);
    if (i >= 0) this.idle.splice(i, 1);
    this.discard(s, logout);
    this.pump();
  }

  /**
   * A session leaving the pool: logged out in the background when `logout` and it is logged in,
   * else its link dropped (over TCP/TLS the socket goes with it; a no-op over SOAP).
   */
  private discard(s: OciSession, logout: boolean): void {
    if (logout && s.loggedIn) this.logoutInBackground(s);
    else s.dropLink();
  }

  /** Logs every idle session out, rejects waiters, stops timers. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.keepAliveTimer);
    clearTimeout(this.warmTimer);
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new OciError('unavailable', 'the OCI client is closing'));
    }
    const idle = this.idle.splice(0);
    for (const s of idle) this.all.delete(s);
    for (const s of idle) this.discard(s, true);
    await Promise.all(this.loggingOut);
  }

  /** A best-effort LogoutRequest for `s`, not waited for; close() waits for every one still going. */
  logoutInBackground(s: OciSession): void {
    const pending = this.hooks.logout(s).catch(() => undefined);
    this.loggingOut.add(pending);
    void pending.finally(() => this.loggingOut.delete(pending));
  }

  /** Runs a keep-alive probe on an idle session now (readiness); false when none is idle. */
  probeOne(): Promise<void> | undefined {
    const s = this.idle.pop();
    if (!s) return undefined;
    return this.hooks.probe(s).then(
      () => this.release(s),
      (err) => this.release(s, !sessionIsGone(err)),
    );
  }

  private put(s: OciSession): void {
    const w = this.waiters.shift();
    if (w) {
      clearTimeout(w.timer);
      w.resolve(s);
    } else {
      this.idle.push(s);
    }
  }

  private dropWaiter(w: Waiter): void {
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  private tooOld(s: OciSession): boolean {
    return Date.now() - s.loggedInAt > this.opts.sessionMaxAgeMs;
  }

  private backoffDelay(failures: number): number {
    const { initial, max } = this.opts.loginBackoffMs;
    return Math.min(max, initial * 2 ** Math.min(30, failures - 1));
  }

  private blockedError(): OciError | undefined {
    const wait = this.blockedUntil - Date.now();
    if (wait <= 0) return undefined;
    return new OciError('unavailable', `OCI login failed: ${this.lastLoginError?.message ?? 'unknown'}`, {
      sent: false,
      retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
    });
  }

  private async create(deadline: number): Promise<OciSession> {
    const s = new OciSession();
    this.creating += 1;
    try {
      await this.hooks.login(s, deadline);
      this.loginFailures = 0;
      this.blockedUntil = 0;
    } catch (err) {
      // Only refused credentials back off: a connect failure is the breaker's business.
      if (err instanceof OciError && err.kind === 'login-failed') {
        this.loginFailures += 1;
        this.lastLoginError = err;
        this.blockedUntil = Date.now() + this.backoffDelay(this.loginFailures);
      }
      throw err;
    } finally {
      this.creating -= 1;
    }
    if (this.closed) {
      this.logoutInBackground(s);
      throw new OciError('unavailable', 'the OCI client is closing');
    }
    this.all.add(s);
    return s;
  }

  /** After a session left: start a new one for the first waiter, or fail them while backing off. */
  private pump(): void {
    if (this.closed || this.waiters.length === 0 || this.idle.length > 0) return;
    if (this.all.size + this.creating >= this.opts.size) return;
    const blocked = this.blockedError();
    if (blocked) {
      if (this.all.size > 0) return;
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(blocked);
      }
      return;
    }
    const w = this.waiters.shift()!;
    clearTimeout(w.timer);
    this.create(w.deadline).then(w.resolve, (err) => {
      w.reject(err);
      this.pump();
    });
  }

  /** Keep-alive for idle sessions; retires sessions past their maximum age. */
  private sweep(): void {
    const now = Date.now();
    for (const s of [...this.idle]) {
      if (this.tooOld(s)) {
        this.retire(s, true);
      } else if (now - s.lastOkAt >= this.opts.keepAliveMs) {
        this.idle.splice(this.idle.indexOf(s), 1);
        this.hooks.probe(s).then(
          () => this.release(s),
          (err) => this.release(s, !sessionIsGone(err)),
        );
      }
    }
  }
}
