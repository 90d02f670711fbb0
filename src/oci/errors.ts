/**
 * Typed failures of the OCI client. Each kind says what the caller may conclude about
 * the document: never sent, certainly not applied, or fate unknown.
 */
export type OciFailureKind =
  /** Nothing was sent, or the server refused before executing: not applied. */
  | 'unavailable'
  /** The wait queue is full: not sent. */
  | 'busy'
  /** A write was sent and its fate is unknown (dropped connection, timeout after sending, lost link). */
  | 'outcome-unknown'
  /** A read-only document did not complete in time. */
  | 'timeout'
  /** The reply was not a document we can read (malformed, DOCTYPE, too large, wrong shape). */
  | 'bad-reply'
  /** The server says this session is not logged in ("before user is logged in"): nothing ran. */
  | 'session-lost'
  /** NO_OCS_CONNECTION or another INVALID_REQUEST on a read-only document: the XSP lost its link. */
  | 'link-lost'
  /** BroadWorks refused our credentials (wrong password, disabled account). */
  | 'login-failed'
  /** A SOAP fault as read off the wire, before classification (src/oci/outcome.ts). */
  | 'soap-fault'
  /** A read-only document answered by a SOAP fault or by one ErrorResponse for the whole document. */
  | 'backend-error'
  /** The whole document was refused by schema validation (6004): nothing ran; a gateway defect. */
  | 'document-rejected';

/** The ErrorResponse (or SOAP fault) behind a failure, for logs and the problem body. */
export interface OciBackendDetail {
  code?: number;
  summary: string;
  detail?: string;
}

export interface OciErrorOptions {
  retryAfterSeconds?: number;
  sent?: boolean;
  timedOut?: boolean;
  /** The server answered readably (a fault or an error document): the backend is alive. */
  answered?: boolean;
  /** A transport-level failure (refused, reset, connect timeout, lost XSP link): counts for readiness. */
  link?: boolean;
  backend?: OciBackendDetail;
  /** The server said this session's link is gone (NO_OCS_CONNECTION, INVALID_REQUEST): log in again. */
  sessionGone?: boolean;
  cause?: unknown;
}

export class OciError extends Error {
  readonly kind: OciFailureKind;
  /** Seconds a client should wait before retrying, where it makes sense (busy, unavailable). */
  readonly retryAfterSeconds?: number;
  /** True when at least part of the document reached the server. */
  readonly sent: boolean;
  /** True when the failure came from a deadline (504-like) rather than a broken peer. */
  readonly timedOut: boolean;
  /** The server answered readably; the circuit breaker does not count it. */
  readonly answered: boolean;
  /** Transport-level failure; three in a row on every backend make the replica unready. */
  readonly link: boolean;
  readonly backend?: OciBackendDetail;
  readonly sessionGone: boolean;

  constructor(kind: OciFailureKind, message: string, opts: OciErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'OciError';
    this.kind = kind;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.sent = opts.sent ?? false;
    this.timedOut = opts.timedOut ?? false;
    this.answered = opts.answered ?? false;
    this.link = opts.link ?? false;
    this.backend = opts.backend;
    this.sessionGone = opts.sessionGone ?? false;
  }
}

export function isOciError(err: unknown): err is OciError {
  return err instanceof OciError;
}
