import { OciError } from './errors';
import type { OciLogger } from './observer';

/** What the recovery probe needs of one backend. */
export interface RecoveryTarget {
  readonly url: string;
  /** True while the backend cannot serve: no logged-in session, its breaker open, nothing heard lately. */
  needsRecovery(): boolean;
  /**
   * One attempt to make the backend usable again: prove an idle session alive (which also
   * serves as the breaker's half-open trial), or log one in. Rejects with the login's error.
   */
  recover(): Promise<void>;
}

export interface RecoveryProbeOptions {
  /** Mean time between checks (OCI_RECOVERY_PROBE_MS); each wait is drawn from 0.5× to 1.5× of it. */
  intervalMs: number;
  /** After BroadWorks refused the credentials: the next attempt waits this long (default one minute). */
  refusedBackoffMs?: number;
  logger: OciLogger;
  /** Default Math.random (the jitter). */
  random?: () => number;
}

const REFUSED_BACKOFF_MS = 60_000;

export interface RecoveryProbe {
  stop(): void;
}

/**
 * Brings an idle backend back without waiting for an API request: while it has no logged-in
 * session, its breaker is open or it was not heard from lately, it probes a session or logs
 * one in again every `intervalMs`,
 * jittered so that a fleet whose sessions were dropped at once does not log in at once. A
 * refused login (wrong or disabled password) is retried only once a minute: each refusal may
 * count toward a BroadWorks lockout policy.
 */
export function startRecoveryProbe(target: RecoveryTarget, opts: RecoveryProbeOptions): RecoveryProbe {
  const random = opts.random ?? Math.random;
  const refusedBackoffMs = opts.refusedBackoffMs ?? REFUSED_BACKOFF_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failing = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };
  const jittered = (ms: number) => Math.round(ms * (0.5 + random()));

  async function tick(): Promise<void> {
    if (stopped) return;
    if (!target.needsRecovery()) {
      failing = false;
      return schedule(jittered(opts.intervalMs));
    }
    try {
      await target.recover();
      if (failing && !target.needsRecovery())
        opts.logger.info({ backend: target.url }, 'OCI backend usable again (recovery probe)');
      failing = target.needsRecovery();
      schedule(jittered(opts.intervalMs));
    } catch (err) {
      failing = true;
      if (err instanceof OciError && err.kind === 'login-failed') {
        // Never sooner than the back-off: the jitter only adds.
        const wait = refusedBackoffMs + Math.round(random() * 0.1 * refusedBackoffMs);
        opts.logger.warn(
          { backend: target.url, nextAttemptInMs: wait },
          'OCI login refused; the recovery probe tries again in about a minute',
        );
        return schedule(wait);
      }
      schedule(jittered(opts.intervalMs));
    }
  }

  schedule(jittered(opts.intervalMs));
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
