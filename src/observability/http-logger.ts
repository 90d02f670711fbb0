import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';

function idOf(res: ServerResponse): string | undefined {
  return (res as Response).locals?.requestId as string | undefined;
}

/**
 * One access-log line per request (pino-http), with the id set by `requestId()` — mount
 * it after that middleware. `req.log` is the same logger, for handlers that want it.
 */
export function httpLogger(logger: Logger): RequestHandler {
  const middleware = pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => idOf(res) ?? randomUUID(),
    // 'finish' may fire outside the request's async context: put the id on the line itself.
    customSuccessObject: (_req, res, val) => ({ ...val, requestId: idOf(res) }),
    customErrorObject: (_req, res, _err, val) => ({ ...val, requestId: idOf(res) }),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      // Only what an operator needs; headers are left out except a few harmless ones.
      req: (req: { id: string; method: string; url: string; headers: Record<string, string>; remoteAddress?: string }) => ({
        method: req.method,
        url: req.url,
        userAgent: req.headers?.['user-agent'],
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return middleware as unknown as RequestHandler;
}
