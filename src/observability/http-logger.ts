import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { failureCauseOf, type FailureCause } from './failure-cause';
import { unredacted } from './logger';
import { requestIdOf } from './request-context';

/** Only what an operator needs; headers are left out except a harmless one. */
interface RequestSummary {
  method: string | undefined;
  url: string | undefined;
  userAgent: string | undefined;
  remoteAddress: string | undefined;
}

// A credential a client put in the query string (the gateway reads none there) is not logged.
const SECRET_QUERY = /([?&][^=&#]*(?:token|password|secret|key|auth)[^=&#]*=)[^&#]*/gi;

function loggedUrl(url: string | undefined): string | undefined {
  return url?.includes('?') ? url.replace(SECRET_QUERY, '$1[Redacted]') : url;
}

function summarize(req: IncomingMessage & { originalUrl?: string }): RequestSummary {
  return {
    method: req.method,
    url: loggedUrl(req.originalUrl ?? req.url),
    userAgent: req.headers['user-agent'],
    remoteAddress: req.socket?.remoteAddress,
  };
}

/** Health probes: a balancer's or orchestrator's, not a client's. */
const PROBES = new Set(['/healthz', '/readyz']);

function levelOf(
  req: IncomingMessage & { originalUrl?: string },
  res: ServerResponse,
  err: unknown,
): 'error' | 'warn' | 'info' {
  if (err) return 'error';
  // A probe answered 503 is the gateway reporting its state, as asked: not a failure to serve.
  if (res.statusCode >= 500 && PROBES.has((req.originalUrl ?? req.url ?? '').split('?')[0])) return 'warn';
  return res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
}

/** `request failed: backend-unavailable (OCI unavailable)`, or the status alone when no problem was sent. */
function failedMessage(status: number, cause: FailureCause | undefined): string {
  if (!cause) return `request failed with status ${status}`;
  return `request failed: ${cause.problem}${cause.ociFailure ? ` (OCI ${cause.ociFailure})` : ''}`;
}

/**
 * One access-log line per request (the fields and messages pino-http writes), with the id set
 * by `requestId()` — mount it after that middleware. Why not pino-http: it builds and serializes
 * a child logger for every request even when the line's level is off (the usual case at
 * LOG_LEVEL=warn), a large share of the gateway's CPU per request (docs/benchmarks.md).
 */
export function httpLogger(logger: Logger): RequestHandler {
  // The access line is built here from fields that cannot hold a credential (method, path, user
  // agent, address, status, time, id, and the problem slug, detail and OCI failure kind the
  // gateway itself wrote): written unredacted, since redaction was most of such a line's cost.
  // "request errored" carries an error and keeps the redaction.
  const access = unredacted(logger);
  return (req, res, next) => {
    const start = Date.now();
    let logged = false;

    // 'close' follows 'finish' on every answer and also ends an aborted one: one listener is enough.
    const done = (err?: unknown) => {
      if (logged) return;
      logged = true;
      const level = levelOf(req, res, err);
      if (!logger.isLevelEnabled(level)) return;
      // 'finish' may fire outside the request's async context: put the id on the line itself.
      const base = {
        req: summarize(req),
        res: { statusCode: res.statusCode },
        responseTime: Date.now() - start,
        requestId: requestIdOf(res),
      };
      // A stream error: the only case with a real error (and stack) to show; kept redacted.
      if (err) {
        logger.error({ ...base, err }, 'request errored');
        return;
      }
      const cause = res.statusCode >= 400 ? failureCauseOf(res) : undefined;
      if (res.statusCode >= 500) {
        // The cause, not a stack: the problem the client got and, from BroadWorks, the OCI failure kind.
        access[level]({ ...base, ...cause }, failedMessage(res.statusCode, cause));
      } else if (cause) {
        access[level]({ ...base, problem: cause.problem }, 'request completed');
      } else {
        access[level](base, 'request completed');
      }
    };
    res.once('close', done);
    res.once('error', done);
    next();
  };
}
