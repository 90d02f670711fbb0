/** Why coordination state could not be used for a request. */
export type CoordinationFailureKind =
  /** The shared store (Redis) is down or too slow: nothing was sent to BroadWorks. */
  | 'unavailable'
  /** Another write to the same executive held the lock for longer than the wait allowed. */
  | 'busy';

export class CoordinationError extends Error {
  readonly kind: CoordinationFailureKind;
  readonly retryAfterSeconds: number;

  constructor(
    kind: CoordinationFailureKind,
    message: string,
    opts: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CoordinationError';
    this.kind = kind;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? 1;
  }
}
