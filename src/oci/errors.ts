/**
 * Typed failures of the OCI client. Each kind says what the caller may conclude about
 * the document: never sent, certainly not applied, or fate unknown.
 */
export type OciFailureKind =
  /** Nothing was sent, or the server refused before executing: not applied. */
  | 'unavailable'
  /** The wait queue is full: not sent. */
  | 'busy'
  /** A write was sent and its fate is unknown (dropped connection, timeout after sending). */
  | 'outcome-unknown'
  /** A read-only document did not complete in time. */
  | 'timeout'
  /** The reply was not a document we can read (malformed, DOCTYPE, too large, wrong shape). */
  | 'bad-reply'
  /** The server says this session is not logged in (SOAP fault INVALID_REQUEST). */
  | 'session-lost'
  /** BroadWorks refused our credentials (wrong password, disabled account). */
  | 'login-failed'
  /** A SOAP fault other than session loss. */
  | 'soap-fault';

export class OciError extends Error {
  readonly kind: OciFailureKind;
  /** Seconds a client should wait before retrying, where it makes sense (busy, unavailable). */
  readonly retryAfterSeconds?: number;
  /** True when at least part of the document reached the server. */
  readonly sent: boolean;
  /** True when the failure came from a deadline (504-like) rather than a broken peer. */
  readonly timedOut: boolean;

  constructor(
    kind: OciFailureKind,
    message: string,
    opts: { retryAfterSeconds?: number; sent?: boolean; timedOut?: boolean; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'OciError';
    this.kind = kind;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.sent = opts.sent ?? false;
    this.timedOut = opts.timedOut ?? false;
  }
}

export function isOciError(err: unknown): err is OciError {
  return err instanceof OciError;
}
