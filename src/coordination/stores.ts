/**
 * The coordination state a gateway replica shares with the others when REDIS_URL is set, and
 * keeps in-process otherwise: the per-executive write lock, Idempotency-Key records, counters
 * (rate limit, failed logins) and the refresh-token denylist. Every call is async and may fail
 * with CoordinationError; the callers decide what a failure means for the request.
 */

export interface Lease {
  /**
   * Throws CoordinationError('unavailable') when the lock could lapse before a document
   * started now has ended (its renewal failed): that document must not be sent.
   */
  check(): void;
}

export interface WriteLockOptions {
  /**
   * The request relies on fleet-wide atomicity (If-Match or Idempotency-Key): without the
   * shared lock it is refused (CoordinationError 'unavailable') instead of run on the
   * in-process lock alone.
   */
  strict: boolean;
}

/** Serializes writes to one key (one executive). */
export interface WriteLock {
  /**
   * Runs `fn` holding the lock of `key`. Throws CoordinationError('busy') when the lock cannot
   * be had in time, ('unavailable') when a strict request cannot get the shared lock.
   */
  run<T>(key: string, opts: WriteLockOptions, fn: (lease: Lease) => Promise<T>): Promise<T>;
}

/** A final answer kept for an Idempotency-Key. */
export interface StoredAnswer {
  status: number;
  contentType?: string;
  etag?: string;
  /** The Location of what the first attempt created. */
  location?: string;
  body: string;
}

/** The claim of the first attempt on a key: settle it with its answer, or give it up. */
export interface IdempotencyClaim {
  /** Keeps the final answer (replayed until the TTL ends) and ends the in-flight marker. */
  complete(answer: StoredAnswer): Promise<void>;
  /** Forgets the key (the attempt ended in a 5xx, or never answered): a retry runs anew. */
  abandon(): Promise<void>;
}

export type IdempotencyBegin =
  | { kind: 'started'; claim: IdempotencyClaim }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'in-flight' }
  | { kind: 'reused' };

export interface IdempotencyRecords {
  /** Looks the key up and, when it is new, marks it in flight for this attempt, atomically. */
  begin(id: string, fingerprint: string): Promise<IdempotencyBegin>;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Requests per principal (or client address) and second. */
export interface RateCounter {
  take(key: string): Promise<RateDecision>;
}

/**
 * One login attempt's unit of its account's and its address's budget, taken before BroadWorks is
 * asked. Settle it once; settling never throws (a refund that cannot be made is logged, and the
 * unit then lapses with its window).
 */
export interface LoginAttempt {
  /** BroadWorks refused the credentials: the unit stays, as a failure, until its window ends. */
  failed(): Promise<void>;
  /**
   * The login succeeded: the unit is given back, then the account's failures are cleared
   * (not the address's); the units of other attempts still in flight stay taken.
   */
  succeeded(): Promise<void>;
  /** Any other outcome (BroadWorks unavailable, unreadable reply, login refused, error): the unit is given back. */
  refund(): Promise<void>;
}

export type LoginAdmission = { admitted: true; attempt: LoginAttempt } | { admitted: false; retryAfterSeconds: number };

/**
 * Login attempts per account and per client address in a window: in flight or failed, they use
 * the budget. Checking and taking a unit are one step, so parallel attempts cannot all pass the
 * check. Never fails open.
 */
export interface LoginGuard {
  admit(account: string, address: string): Promise<LoginAdmission>;
}

/** Ids of revoked refresh-token sessions, each kept until the tokens would have expired anyway. */
export interface RevocationList {
  revoke(id: string, untilEpochSeconds: number): Promise<void>;
  isRevoked(id: string): Promise<boolean>;
}

/** What presenting a refresh token does to its login session. */
export type RefreshRotation =
  /** It was the current one (or the session was unknown here and is adopted): `nextId` is current now. */
  | { kind: 'rotated' }
  /** It was rotated out within the grace period (a retry, a doubled request): answer with the current one again. */
  | { kind: 'replayed'; currentId: string }
  /** It was rotated out longer ago: someone else holds the chain; the login session must end. */
  | { kind: 'reused' };

/**
 * Login sessions: one record per login, under the id every token of that login carries (`sid`).
 * It holds the id of the current refresh token, swapped by compare-and-set, so each refresh
 * token works once. (The record is keyed by the login-session id alone, so a cookie session of
 * the same login can hang off it.)
 */
export interface LoginSessions {
  /** Records a new login whose first refresh token is `refreshId`, kept until `untilEpochSeconds`. */
  start(sessionId: string, refreshId: string, untilEpochSeconds: number): Promise<void>;
  /** Swaps `presentedId` for `nextId` when it is current, atomically; else tells a replay from a reuse. */
  rotate(sessionId: string, presentedId: string, nextId: string, untilEpochSeconds: number): Promise<RefreshRotation>;
}

/** What a cookie session holds: who logged in, and the login session its tokens share. */
export interface CookieSessionRecord {
  /** The principal, as JSON (the store does not interpret it). */
  principal: string;
  /** The login-session id (`sid`) of the tokens issued by the same login. */
  loginSessionId: string;
  /** When the login happened (ms, the gateway's clock). */
  createdAtMs: number;
}

/** Idle and absolute lifetimes of a cookie session, decided from timestamps against the gateway's clock. */
export interface CookieSessionLimits {
  idleMs: number;
  maxMs: number;
}

export type CookieSessionLookup =
  | { kind: 'live'; record: CookieSessionRecord }
  /** Unknown, expired (idle or absolute), or its login session was logged out: the cookie is dead. */
  | { kind: 'dead' };

/**
 * Cookie sessions, each under the SHA-256 of its id (the id itself is never stored). A lookup
 * decides from the recorded times (a store TTL only reclaims space), refuses a session whose
 * login session is on the logout denylist, and records the use, in one step.
 */
export interface CookieSessions {
  /** Throws CoordinationError('unavailable') when sessions cannot be kept now (asked before a login goes to BroadWorks). */
  ensureAvailable(): Promise<void>;
  create(idHash: string, record: CookieSessionRecord, limits: CookieSessionLimits): Promise<void>;
  use(idHash: string, limits: CookieSessionLimits): Promise<CookieSessionLookup>;
  /** Ends the session; answers its record when it was still there. */
  end(idHash: string): Promise<CookieSessionRecord | undefined>;
}

export interface CoordinationStatus {
  /** 'redis' when REDIS_URL is set (state shared by the fleet), else 'in-process'. */
  mode: 'in-process' | 'redis';
  /** Redis is configured but cannot be used right now. */
  degraded: boolean;
  reason?: string;
}
