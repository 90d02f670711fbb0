import CircuitBreaker from 'opossum';
import { OciError } from './errors';
import type { OciBreakerState } from './observer';

export interface BreakerOptions {
  volumeThreshold?: number;
  errorThresholdPercentage?: number;
  rollingCountTimeoutMs?: number;
}

/**
 * A circuit breaker around one backend's HTTP exchanges. Only transport failures count
 * (connect errors, drops, timeouts, unreadable replies): a server that answers with a
 * SOAP fault or an ErrorResponse is alive. Deadlines come from each request's own
 * AbortSignal, so opossum's shared timeout is off.
 */
export class BackendBreaker<A extends unknown[], R> {
  private readonly breaker: CircuitBreaker<A, R>;
  private openedAt = 0;

  constructor(
    action: (...args: A) => Promise<R>,
    private readonly resetMs: number,
    opts: BreakerOptions,
    onState: (state: OciBreakerState) => void,
  ) {
    this.breaker = new CircuitBreaker(action, {
      timeout: false,
      resetTimeout: resetMs,
      volumeThreshold: opts.volumeThreshold ?? 5,
      // opossum opens strictly above the threshold; the rule is "at least half".
      errorThresholdPercentage: (opts.errorThresholdPercentage ?? 50) - 1e-6,
      rollingCountTimeout: opts.rollingCountTimeoutMs ?? 10_000,
      errorFilter: (err: unknown) => err instanceof OciError && (err.kind === 'session-lost' || err.kind === 'soap-fault'),
    });
    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      onState('open');
    });
    this.breaker.on('halfOpen', () => onState('half-open'));
    this.breaker.on('close', () => onState('closed'));
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
        throw new OciError('unavailable', 'circuit open: the backend failed recently', { sent: false, retryAfterSeconds: this.retryAfterSeconds() });
      }
      throw err;
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}
