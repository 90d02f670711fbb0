import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { unredacted } from './logger';
import { requestIdOf } from './request-context';

/** Only what an operator needs; headers are left out except a harmless one. */
interface RequestSummary {
  method: string | undefined;
  url: string | undefined;
  userAgent: string | undefined;
  remoteAddress: string | undefined;
}

function summarize(req: IncomingMessage & { originalUrl?: string }): RequestSummary {
  return {
    method: req.method,
    url: req.originalUrl ?? req.url,
    userAgent: req.headers['user-agent'],
    remoteAddress: req.socket?.remoteAddress,
  };
}

function levelOf(res: ServerResponse, err: unknown): 'error' | 'warn' | 'info' {
  return err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One access-log line per request (the fields and messages pino-http writes), with the id set
 * by `requestId()` — mount it after that middleware. Why not pino-http: it builds and serializes
 * a child logger for every request even when the line's level is off (the usual case at
 * LOG_LEVEL=warn); that cost 20% of the gateway's CPU per GET (bench/run.mjs, 689 → 559 µs/req).
 */
export function httpLogger(logger: Logger): RequestHandler {
  // "request completed" is built here from fields that cannot hold a credential (method, path,
  // user agent, address, status, time, id): written unredacted (≈ 30 → 7 µs per line). "request
  // errored" carries an error and keeps the redaction.
  const access = unredacted(logger);
  return (req, res, next) => {
    const start = Date.now();
    let logged = false;

    // 'close' follows 'finish' on every answer and also ends an aborted one: one listener is enough.
    const done = (err?: unknown) => {
      if (logged) return;
      logged = true;
      const level = levelOf(res, err);
      if (!logger.isLevelEnabled(level)) return;
      // 'finish' may fire outside the request's async context: put the id on the line itself.
      const base = {
        req: summarize(req),
        res: { statusCode: res.statusCode },
        responseTime: Date.now() - start,
        requestId: requestIdOf(res),
      };
      if (level === 'error') {
        const error = err instanceof Error ? err : new Error(`failed with status code ${res.statusCode}`);
        logger.error({ ...base, err: error }, 'request errored');
      } else {
        access[level](base, 'request completed');
      }
    };
    res.once('close', done);
    res.once('error', done);
    next();
  };
}
