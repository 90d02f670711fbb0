import { makeRoom } from './make-room';
import type { LoginSessions, RefreshRotation } from './stores';

/** How long a rotated-out refresh token still gets the current one back (a retried or doubled refresh). */
export const REFRESH_REPLAY_GRACE_MS = 10_000;

export interface LoginSessionOptions {
  now?: () => number;
  graceMs?: number;
  /** Sessions remembered at most; the oldest go first (default 100 000). */
  maxKeys?: number;
}

interface SessionRecord {
  currentRefreshId: string;
  /** Refresh ids rotated out within the grace period, with the time of their rotation (ms). */
  retired: Map<string, number>;
  expiresAt: number;
}

/** The login sessions of one replica (REDIS_URL unset). */
export class MemoryLoginSessions implements LoginSessions {
  private readonly records = new Map<string, SessionRecord>();
  private readonly now: () => number;
  private readonly graceMs: number;
  private readonly maxKeys: number;

  constructor(opts: LoginSessionOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.graceMs = opts.graceMs ?? REFRESH_REPLAY_GRACE_MS;
    this.maxKeys = opts.maxKeys ?? 100_000;
  }

  start(sessionId: string, refreshId: string, untilEpochSeconds: number): Promise<void> {
    this.put(sessionId, { currentRefreshId: refreshId, retired: new Map(), expiresAt: untilEpochSeconds * 1000 });
    return Promise.resolve();
  }

  rotate(sessionId: string, presentedId: string, nextId: string, untilEpochSeconds: number): Promise<RefreshRotation> {
    const t = this.now();
    let record = this.records.get(sessionId);
    if (record && record.expiresAt <= t) record = undefined;
    if (!record || record.currentRefreshId === presentedId) {
      const retired = record?.retired ?? new Map<string, number>();
      for (const [id, at] of retired) if (t - at > this.graceMs) retired.delete(id);
      retired.set(presentedId, t);
      this.put(sessionId, { currentRefreshId: nextId, retired, expiresAt: untilEpochSeconds * 1000 });
      return Promise.resolve({ kind: 'rotated' });
    }
    const rotatedAt = record.retired.get(presentedId);
    if (rotatedAt !== undefined && t - rotatedAt <= this.graceMs) {
      return Promise.resolve({ kind: 'replayed', currentId: record.currentRefreshId });
    }
    return Promise.resolve({ kind: 'reused' });
  }

  private put(sessionId: string, record: SessionRecord): void {
    this.records.delete(sessionId);
    const t = this.now();
    makeRoom(this.records, this.maxKeys, (r) => r.expiresAt <= t);
    this.records.set(sessionId, record);
  }
}
