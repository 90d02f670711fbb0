import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ApiFailure } from '../mapping/failure';
import { OciError } from '../oci/errors';
import { PRINCIPAL_LOCAL, type Principal } from './principal';

/** Every problem type of the gateway lives under this prefix (listed in docs/api-notes.md). */
export const PROBLEM_BASE = 'https://oci-gateway.dev/problems/';

/** The URI of a problem type from its slug. */
export function problemType(slug: string): string {
  return PROBLEM_BASE + slug;
}

export interface ProblemFields {
  type?: string;
  title: string;
  detail?: string;
  [extra: string]: unknown;
}

/** Writes an RFC 9457 application/problem+json answer. */
export function sendProblem(res: Response, status: number, fields: ProblemFields): void {
  const { type = 'about:blank', title, detail, ...extras } = fields;
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type, title, status, ...(detail === undefined ? {} : { detail }), ...extras }));
}

interface LogLike {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function isSystem(res: Response): boolean {
  return (res.locals[PRINCIPAL_LOCAL] as Principal | undefined)?.level === 'system';
}

/** The HTTP meaning of an exchange failure (OciError kinds). */
function fromOciError(err: OciError): {
  status: number;
  slug: string;
  title: string;
  detail: string;
  retryAfter?: number;
} {
  switch (err.kind) {
    // Not sent, or refused before running: safe to retry later.
    case 'unavailable':
    case 'busy':
      return {
        status: 503,
        slug: 'backend-unavailable',
        title: 'BroadWorks unavailable',
        detail: 'BroadWorks cannot take the request now; retry later',
        retryAfter: err.retryAfterSeconds ?? 1,
      };
    // A write went out and its fate is unknown: the client must re-read before retrying.
    case 'outcome-unknown':
      return {
        status: err.timedOut ? 504 : 502,
        slug: 'outcome-unknown',
        title: 'Outcome unknown',
        detail:
          'the change was sent to BroadWorks but no answer came back; it may or may not be applied: read the resource before retrying',
      };
    case 'timeout':
      return {
        status: 504,
        slug: 'backend-timeout',
        title: 'BroadWorks timeout',
        detail: 'BroadWorks did not answer in time',
      };
    case 'bad-reply':
      return {
        status: 502,
        slug: 'bad-backend-reply',
        title: 'Unreadable BroadWorks reply',
        detail: 'BroadWorks answered with a reply the gateway cannot read',
      };
    default:
      return {
        status: 502,
        slug: 'backend-error',
        title: 'BroadWorks error',
        detail: 'the exchange with BroadWorks failed',
      };
  }
}

/**
 * Error middleware: ApiFailure, OciError, body-parser errors and anything else as
 * problem+json. BroadWorks summaries are logged; only system callers see them.
 */
export function createProblemHandler(logger?: LogLike): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof ApiFailure) {
      const { backend, errors } = err.extras;
      if (backend) logger?.warn({ backend, path: req.path }, 'BroadWorks refused a command');
      const ociError = backend
        ? isSystem(res)
          ? { code: backend.code, summary: backend.summary }
          : { code: backend.code }
        : undefined;
      return sendProblem(res, err.status, {
        type: problemType(err.slug),
        title: err.title,
        detail: err.detail,
        ...(errors ? { errors } : {}),
        ...(ociError ? { ociError } : {}),
      });
    }
    if (err instanceof OciError) {
      const p = fromOciError(err);
      logger?.warn({ ociFailure: err.kind, message: err.message, path: req.path }, 'OCI exchange failed');
      if (p.retryAfter !== undefined) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(p.retryAfter))));
      return sendProblem(res, p.status, { type: problemType(p.slug), title: p.title, detail: p.detail });
    }
    const e = err as { status?: number; type?: string };
    if (e?.type === 'entity.parse.failed') {
      return sendProblem(res, 400, {
        type: problemType('invalid-json'),
        title: 'Invalid JSON',
        detail: 'the body is not valid JSON',
      });
    }
    if (e?.type === 'entity.too.large') {
      res.setHeader('Connection', 'close');
      return sendProblem(res, 413, {
        type: problemType('body-too-large'),
        title: 'Content Too Large',
        detail: 'the request body is too large',
      });
    }
    if (e?.status === 415 || e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
      return sendProblem(res, 415, {
        type: problemType('unsupported-media-type'),
        title: 'Unsupported Media Type',
        detail: 'request bodies must be UTF-8 application/json',
      });
    }
    // express itself refuses some requests (e.g. a path with broken %-encoding → 400): keep its 4xx.
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendProblem(res, e.status, {
        type: problemType('bad-request'),
        title: 'Bad Request',
        detail: 'the request cannot be processed as sent',
      });
    }
    logger?.error({ err }, 'unhandled error');
    return sendProblem(res, 500, {
      type: problemType('internal-error'),
      title: 'Internal Server Error',
      detail: 'unexpected error',
    });
  };
}

/** Default error middleware (no logger). */
export const problemHandler: ErrorRequestHandler = createProblemHandler();

/** 404 for every path no route serves. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  sendProblem(res, 404, { type: problemType('not-found'), title: 'Not Found', detail: 'no resource at this path' });
};
