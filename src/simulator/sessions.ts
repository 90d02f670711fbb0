import { randomBytes } from 'node:crypto';

/** Who a session is logged in as, with the scope that decides authorization. */
export interface Account {
  userId: string;
  loginType: 'System' | 'Reseller' | 'Service Provider' | 'Group' | 'User';
  resellerId?: string;
  serviceProviderId?: string;
  groupId?: string;
}

export interface OciSession {
  sessionId: string;
  nonce?: string;
  nonceUserId?: string;
  account?: Account;
  /** Commands run since login (for the expireSessionsEvery knob). */
  commands: number;
}

/**
 * OCI sessions keyed by the JSESSIONID cookie AND the document's sessionId, like an XSP
 * that keeps the login in the HTTP session: losing either one means "not logged in".
 */
export class SessionStore {
  private readonly cookies = new Map<string, Map<string, OciSession>>();

  /** True when the cookie names a live HTTP session. */
  hasCookie(cookie: string | undefined): cookie is string {
    return cookie !== undefined && this.cookies.has(cookie);
  }

  /** Starts a new HTTP session and returns its cookie value. */
  newCookie(): string {
    const id = randomBytes(16).toString('hex').toUpperCase();
    this.cookies.set(id, new Map());
    return id;
  }

  /** The OCI session of (cookie, sessionId), created empty (not logged in) when new. */
  get(cookie: string, sessionId: string): OciSession {
    const byId = this.cookies.get(cookie)!;
    let s = byId.get(sessionId);
    if (!s) {
      s = { sessionId, commands: 0 };
      byId.set(sessionId, s);
    }
    return s;
  }

  /** Forgets one OCI session (expiry knob). */
  forget(cookie: string, sessionId: string): void {
    this.cookies.get(cookie)?.delete(sessionId);
  }

  /** Forgets an HTTP session (or a socket's) with every OCI session in it. */
  drop(cookie: string): void {
    this.cookies.delete(cookie);
  }

  /** Forgets every HTTP and OCI session. */
  clear(): void {
    this.cookies.clear();
  }

  /** Number of logged-in OCI sessions. */
  loggedIn(): number {
    let n = 0;
    for (const byId of this.cookies.values()) for (const s of byId.values()) if (s.account) n++;
    return n;
  }
}
