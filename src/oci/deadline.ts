import { EventEmitter } from 'node:events';

/**
 * What an exchange is given to stop on: undici takes an EventEmitter as a request's `signal`
 * (an 'abort' event, `aborted`, `reason`), as well as an AbortSignal.
 */
export type ExchangeSignal = AbortSignal | (EventEmitter & { readonly aborted: boolean });

/**
 * The deadline's signal: an EventEmitter, not an AbortController (creating an
 * AbortSignal and adding/removing its EventTarget listener cost more per exchange than the
 * rest of undici's request set-up; undici accepts either).
 */
class DeadlineSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/**
 * Runs `fn` with a signal that aborts after `ms`, and stops the timer as soon as `fn` settles.
 * Why not AbortSignal.timeout: its timer stays armed (and the signal weakly tracked) until the
 * timeout passes, so under load every finished document leaves a live timer behind for the
 * whole OCI deadline (thousands at a time); here each timer lives only as long as its exchange.
 */
export async function withDeadline<T>(ms: number, fn: (signal: ExchangeSignal) => Promise<T>): Promise<T> {
  const signal = new DeadlineSignal();
  const timer = setTimeout(
    () => signal.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ms,
  );
  try {
    return await fn(signal);
  } finally {
    clearTimeout(timer);
  }
}
