import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { CoordinationError } from '../coordination/errors';
import { ApiFailure, backendShown, shownBackendError, type FieldError } from '../mapping/failure';
import { OciError } from '../oci/errors';
import { setFailureCause } from '../observability/failure-cause';
import { requestIdOf } from '../observability/request-context';
import { apioErrors, shownOciError, type ProblemErrors, type ShownOciError } from './apio-errors';
import { PRINCIPAL_LOCAL, type Principal } from './principal';
import { problemEntry, problemType, type ProblemSlug } from './problem-catalogue';

export { PROBLEM_BASE, problemType, type ProblemSlug } from './problem-catalogue';

/** The members a problem may carry beyond the standard ones. */
export interface ProblemExtras {
  /** The fields at fault (a JSON pointer into the body, or a path/query parameter). */
  errors?: FieldError[];
  /** BroadWorks' error, as much of it as this caller may see. */
  ociError?: ShownOciError;
  /** Where an unparsable JSON body broke. */
  line?: number;
  column?: number;
  /** How deep a refused body nests, and the most accepted. */
  depth?: number;
  maxDepth?: number;
}

/** Every problem body the gateway answers: RFC 9457 members, its extras, and APIO's `errors`. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: ProblemErrors;
  ociError?: ShownOciError;
  line?: number;
  column?: number;
  depth?: number;
  maxDepth?: number;
}

export interface ProblemOptions {
  /** What happened this time; safe for every caller. */
  detail: string;
  /** Members beyond the standard ones. */
  extras?: ProblemExtras;
  /** The failure followed a deadline: the catalogue's timedOutStatus, when it has one. */
  timedOut?: boolean;
  /** Only for `bad-request`: the 4xx status express chose. */
  status?: number;
  /** The OciError kind behind it: logged on the access line, never answered. */
  ociFailure?: string;
}

/** Writes an RFC 9457 application/problem+json answer; status and title come from the catalogue. */
/**
 * 503 when the shared store (Redis) a guarantee rests on cannot answer: `Retry-After` from the
 * failure, and `detail` saying which store and what did not happen.
 */
export function coordinationUnavailable(res: Response, err: CoordinationError, detail: string): void {
  res.setHeader('Retry-After', String(err.retryAfterSeconds));
  sendProblem(res, 'coordination-unavailable', { detail });
}

export function sendProblem(res: Response, slug: ProblemSlug, opts: ProblemOptions): void {
  const entry = problemEntry(slug);
  const status = opts.status ?? (opts.timedOut && entry.timedOutStatus ? entry.timedOutStatus : entry.status);
  setFailureCause(
    res,
    opts.ociFailure === undefined
      ? { problem: slug, detail: opts.detail }
      : { problem: slug, detail: opts.detail, ociFailure: opts.ociFailure },
  );
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(slug, status, opts)));
}

/**
 * The body of a problem: every one carries `errors` (APIO's envelope, read by portals written
 * for it as `errors[0].message`), whose first item holds `details` when BroadWorks gave the error.
 */
function problemBody(slug: ProblemSlug, status: number, opts: ProblemOptions): ProblemBody {
  const { errors, ociError, ...members } = opts.extras ?? {};
  const shown = shownOciError(ociError);
  return {
    type: problemType(slug),
    title: problemEntry(slug).title,
    status,
    detail: opts.detail,
    ...members,
    errors: apioErrors(opts.detail, errors, shown),
    ...(shown ? { ociError: shown } : {}),
  };
}

/** A decided HTTP-level failure thrown inside a handler (e.g. If-Match), answered by the problem handler. */
export class HttpProblem extends Error {
  constructor(
    readonly slug: ProblemSlug,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

interface LogLike {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function isSystem(res: Response): boolean {
  return (res.locals[PRINCIPAL_LOCAL] as Principal | undefined)?.level === 'system';
}

/** The HTTP meaning of an exchange failure (OciError kinds). */
function fromOciError(err: OciError): { slug: ProblemSlug; detail: string; retryAfter?: number } {
  switch (err.kind) {
    // Not sent, refused before running, or a read-only exchange whose XSP lost its server
    // (e.g. a login check): nothing changed, safe to retry later.
    case 'unavailable':
    case 'busy':
    case 'link-lost':
      return {
        slug: 'backend-unavailable',
        detail: 'BroadWorks cannot take the request now; retry later',
        retryAfter: err.retryAfterSeconds ?? 1,
      };
    // A write went out and its fate is unknown: the client must re-read before retrying.
    case 'outcome-unknown':
      return {
        slug: 'outcome-unknown',
        detail:
          'the change was sent to BroadWorks but no clear answer came back; it may or may not be applied: read the resource before retrying',
      };
    case 'timeout':
      return { slug: 'backend-timeout', detail: 'BroadWorks did not answer in time' };
    case 'bad-reply':
      return { slug: 'bad-backend-reply', detail: 'BroadWorks answered with a reply the gateway cannot read' };
    // The whole document failed validation: nothing ran; the gateway built something BroadWorks refuses.
    case 'document-rejected':
      return {
        slug: 'document-rejected',
        detail: 'BroadWorks refused the whole request document as invalid; nothing was applied',
      };
    case 'backend-error':
      return { slug: 'backend-error', detail: 'BroadWorks refused a read' };
    default:
      return { slug: 'backend-error', detail: 'the exchange with BroadWorks failed' };
  }
}

/**
 * Error middleware: ApiFailure, HttpProblem, OciError and anything else as problem+json.
 * BroadWorks summaries are logged; only system callers see them.
 */
export function createProblemHandler(logger?: LogLike): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    // Lines name their request themselves (there is no ambient request context).
    const requestId = requestIdOf(res);
    if (err instanceof ApiFailure) {
      const { backend, timedOut } = err.extras;
      if (backend) logger?.warn({ requestId, backend, path: req.path }, 'BroadWorks refused a command');
      const { ociError, errors } = backendShown(err, isSystem(res));
      return sendProblem(res, err.slug, {
        detail: err.detail,
        timedOut,
        ociFailure: backend ? 'backend-error' : undefined,
        extras: { ...(errors ? { errors } : {}), ...(ociError ? { ociError } : {}) },
      });
    }
    if (err instanceof HttpProblem) return sendProblem(res, err.slug, { detail: err.detail });
    if (err instanceof OciError) {
      const p = fromOciError(err);
      const line = { requestId, ociFailure: err.kind, message: err.message, backend: err.backend, path: req.path };
      // A rejected document is a gateway defect, not a BroadWorks hiccup.
      if (err.kind === 'document-rejected') logger?.error(line, 'BroadWorks rejected a document the gateway built');
      else logger?.warn(line, 'OCI exchange failed');
      if (p.retryAfter !== undefined) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(p.retryAfter))));
      const ociError = err.backend ? shownBackendError(err.backend, isSystem(res)) : undefined;
      return sendProblem(res, p.slug, {
        detail: p.detail,
        timedOut: err.timedOut,
        ociFailure: err.kind,
        extras: ociError ? { ociError } : {},
      });
    }
    if (err instanceof CoordinationError) {
      logger?.warn(
        { requestId, coordinationFailure: err.kind, message: err.message, path: req.path },
        'write not coordinated',
      );
      if (err.kind !== 'busy')
        return coordinationUnavailable(
          res,
          err,
          'the shared store that keeps If-Match and Idempotency-Key safe across replicas is unreachable; nothing was sent; retry later',
        );
      res.setHeader('Retry-After', String(err.retryAfterSeconds));
      return sendProblem(res, 'busy', {
        detail: 'another write to this executive is still running; nothing was sent; retry later',
      });
    }
    // express itself refuses some requests (e.g. a path with broken %-encoding → 400): keep its 4xx.
    const status = (err as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendProblem(res, 'bad-request', { detail: 'the request cannot be processed as sent', status });
    }
    logger?.error({ requestId, err }, 'unhandled error');
    return sendProblem(res, 'internal-error', { detail: 'unexpected error' });
  };
}

/** 404 for every path no route serves. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  sendProblem(res, 'not-found', { detail: 'no resource at this path' });
};
