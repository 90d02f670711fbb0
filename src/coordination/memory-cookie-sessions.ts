import { makeRoom } from './make-room';
import type {
  CookieSessionLimits,
  CookieSessionLookup,
  CookieSessionRecord,
  CookieSessions,
  RevocationList,
} from './stores';

interface Entry {
  record: CookieSessionRecord;
  lastUsedAtMs: number;
}

/** The cookie sessions of one replica (REDIS_URL unset). */
export class MemoryCookieSessions implements CookieSessions {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** The logout denylist of login sessions: a logged-out login ends its cookie too. */
    private readonly revocations: RevocationList,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  ensureAvailable(): Promise<void> {
    return Promise.resolve();
  }

  create(idHash: string, record: CookieSessionRecord, limits: CookieSessionLimits): Promise<void> {
    const t = this.now();
    makeRoom(this.entries, this.maxKeys, (e) => expired(e, t, limits));
    this.entries.set(idHash, { record, lastUsedAtMs: t });
    return Promise.resolve();
  }

  async use(idHash: string, limits: CookieSessionLimits): Promise<CookieSessionLookup> {
    const e = this.entries.get(idHash);
    const t = this.now();
    if (!e) return { kind: 'dead' };
    if (expired(e, t, limits) || (await this.revocations.isRevoked(e.record.loginSessionId))) {
      this.entries.delete(idHash);
      return { kind: 'dead' };
    }
    e.lastUsedAtMs = t;
    return { kind: 'live', record: e.record };
  }

  end(idHash: string): Promise<CookieSessionRecord | undefined> {
    const e = this.entries.get(idHash);
    this.entries.delete(idHash);
    return Promise.resolve(e?.record);
  }
}

function expired(e: Entry, t: number, limits: CookieSessionLimits): boolean {
  return t - e.lastUsedAtMs >= limits.idleMs || t - e.record.createdAtMs >= limits.maxMs;
}
