import { hash } from 'node:crypto';
import type { Principal } from '../principal';

export interface CachedToken {
  principal: Principal;
  expiresAtMs: number;
}

/**
 * Verified tokens until they expire, keyed by a SHA-256 of the token (the token itself is
 * never kept as a key). Bounded: when full, the oldest insertion goes first.
 */
export class TokenCache {
  private readonly map = new Map<string, CachedToken>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  static keyOf(token: string): string {
    // One-shot hash: no Hash object per request.
    return hash('sha256', token, 'base64url');
  }

  get(key: string): CachedToken | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (this.now() >= e.expiresAtMs) {
      this.map.delete(key);
      return undefined;
    }
    return e;
  }

  set(key: string, principal: Principal, expiresAtMs: number): void {
    if (this.maxEntries <= 0 || this.now() >= expiresAtMs) return;
    if (this.map.size >= this.maxEntries) this.evict();
    this.map.set(key, { principal, expiresAtMs });
  }

  get size(): number {
    return this.map.size;
  }

  private evict(): void {
    const t = this.now();
    for (const [k, e] of this.map) if (t >= e.expiresAtMs) this.map.delete(k);
    // Still full: drop the oldest tenth at once (Map keeps insertion order), so a flood
    // of new tokens costs one scan per many inserts rather than one per insert.
    if (this.map.size < this.maxEntries) return;
    const excess = Math.max(1, Math.ceil(this.maxEntries / 10));
    let i = 0;
    for (const k of this.map.keys()) {
      if (i++ >= excess) break;
      this.map.delete(k);
    }
  }
}
