import express, { type RequestHandler } from 'express';
import { jsonErrorPosition } from '../json-error-position';
import { sendProblem } from '../problem';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const len = headers['content-length'];
  return len !== undefined && len !== '0';
}

/**
 * The one JSON body parser, for every route: up to `limitBytes` (larger → 413), a body that
 * is not JSON by its content type → 415, unparsable JSON → 400, all as problem+json.
 */
export function createJsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, type: JSON_TYPES, strict: true });
  return (req, res, next) => {
    // Most API requests (GET, DELETE) carry no body: nothing to parse, nothing to check.
    if (!hasBody(req.headers)) return next();
    if (!req.is(JSON_TYPES)) {
      sendProblem(res, 'unsupported-media-type', { detail: 'request bodies must be application/json' });
      return;
    }
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { status?: number; type?: string; body?: unknown };
      // Stop reading what is left of a refused body, but let the answer go out first.
      if (e.status === 413) {
        res.setHeader('Connection', 'close');
        return sendProblem(res, 'body-too-large', { detail: `request bodies are limited to ${limitBytes} bytes` });
      }
      if (e.status === 415) return sendProblem(res, 'unsupported-media-type', { detail: 'unsupported charset' });
      if (e.status === 400) {
        // Say where parsing stopped, so a client can find the slip (e.g. a trailing comma).
        const at = typeof e.body === 'string' ? jsonErrorPosition(e.body) : undefined;
        return sendProblem(res, 'invalid-json', {
          detail: at
            ? `the body is not valid JSON: parsing stopped at line ${at.line}, column ${at.column} (${at.reason})`
            : 'the body is not valid JSON',
          extras: at ? { line: at.line, column: at.column } : undefined,
        });
      }
      next(err);
    });
  };
}
