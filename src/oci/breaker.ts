import CircuitBreaker from 'opossum';
import { OciError } from './errors';
import type { OciBreakerState } from './observer';

export interface BreakerOptions {
  /** Fewest failures in the window that can open the breaker (default 5). */
  minFailures?: number;
  /** Failures must be at least this share of the window's calls, in percent (default 50). */
  minFailurePercent?: number;
  rollingCountTimeoutMs?: number;
}

const SLICES = 10;

/** Calls and failures over a rolling window, kept in time slices (as opossum does). */
class RollingCounts {
  private slices: { start: number; calls: number; failures: number }[] = [];

  constructor(private readonly windowMs: number) {}

  /** Counts one call. Every call pays this: it allocates only when a new slice starts. */
  add(failed: boolean, now = Date.now()): void {
    const sliceMs = this.windowMs / SLICES;
    const start = now - (now % sliceMs);
    let slice = this.slices.at(-1);
    if (slice?.start !== start) {
      this.slices = this.slices.filter((s) => s.start > now - this.windowMs);
      this.slices.push((slice = { start, calls: 0, failures: 0 }));
    }
    slice.calls += 1;
    if (failed) slice.failures += 1;
  }

  /** Calls and failures within the window ending `now` (asked on failures only). */
  totals(now = Date.now()): { calls: number; failures: number } {
    let calls = 0;
    let failures = 0;
    for (const s of this.slices) {
      if (s.start <= now - this.windowMs) continue;
      calls += s.calls;
      failures += s.failures;
    }
    return { calls, failures };
  }

  clear(): void {
    this.slices = [];
  }
}

/**
 * A circuit breaker around one backend's HTTP exchanges. Only transport failures count
 * (connect errors, drops, timeouts, unreadable replies, the XSP's link signals): a server that
 * answers with another SOAP fault or an ErrorResponse is alive (OciError.answered). Deadlines come from each request's own
 * AbortSignal, so opossum's shared timeout is off.
 *
 * Rule: it opens when, within the rolling window (10 s), there are at least 5 failures
 * AND they make at least half of the calls. opossum's volumeThreshold counts calls, not
 * failures, so its own decision is switched off and this class opens the breaker.
 */
export class BackendBreaker<A extends unknown[], R> {
  private readonly breaker: CircuitBreaker<A, R>;
  private readonly counts: RollingCounts;
  private openedAt = 0;

  constructor(
    action: (...args: A) => Promise<R>,
    private readonly resetMs: number,
    opts: BreakerOptions,
    onState: (state: OciBreakerState) => void,
  ) {
    const minFailures = opts.minFailures ?? 5;
    const minPercent = opts.minFailurePercent ?? 50;
    this.counts = new RollingCounts(opts.rollingCountTimeoutMs ?? 10_000);
    this.breaker = new CircuitBreaker(action, {
      timeout: false,
      resetTimeout: resetMs,
      // Nothing reads opossum's latency percentiles or snapshots (metrics has its own histogram):
      // with them on, every call's latency is kept for the whole window and, every second, all of
      // them are copied and sorted (most of the garbage that outlived a request).
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      // Never reached: opossum itself only re-opens on a failed half-open trial.
      volumeThreshold: Number.MAX_SAFE_INTEGER,
      // A readable answer (a fault, an error document) means the backend is alive; a lost
      // XSP link (NO_OCS_CONNECTION, INVALID_REQUEST) is not such an answer and counts.
      errorFilter: (err: unknown) => err instanceof OciError && err.answered,
    });
    // A filtered error is emitted as 'success': the backend answered.
    this.breaker.on('success', () => {
      if (this.breaker.closed) this.counts.add(false);
    });
    // Emitted before opossum's own check, so opening here wins.
    this.breaker.on('failure', () => {
      if (!this.breaker.closed) return;
      this.counts.add(true);
      const { calls, failures } = this.counts.totals();
      if (failures >= minFailures && failures * 100 >= calls * minPercent) this.breaker.open();
    });
    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      onState('open');
    });
    this.breaker.on('halfOpen', () => onState('half-open'));
    this.breaker.on('close', () => {
      // A successful trial starts a fresh window: failures from before the outage do not count twice.
      this.counts.clear();
      onState('closed');
    });
  }

  get state(): OciBreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Seconds until the breaker lets a trial request through (at least 1). */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.resetMs - Date.now()) / 1000));
  }

  /** Runs the action; an open breaker fails at once with OciError('unavailable'). */
  async fire(...args: A): Promise<R> {
    try {
      return await this.breaker.fire(...args);
    } catch (err) {
      if ((err as { code?: string }).code === 'EOPENBREAKER') {
        throw new OciError('unavailable', 'circuit open: the backend failed recently', {
          sent: false,
          retryAfterSeconds: this.retryAfterSeconds(),
        });
      }
      throw err;
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}
