import express, { type RequestHandler } from 'express';
import { problemType, sendProblem } from '../problem';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const len = headers['content-length'];
  return len !== undefined && len !== '0';
}

/**
 * JSON bodies up to `limitBytes`: larger → 413, a body that is not JSON by its content
 * type → 415, unparsable JSON → 400, all as problem+json.
 */
export function createJsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, type: JSON_TYPES, strict: true });
  return (req, res, next) => {
    if (hasBody(req.headers) && !req.is(JSON_TYPES)) {
      sendProblem(res, 415, {
        type: problemType('unsupported-media-type'),
        title: 'Unsupported Media Type',
        detail: 'request bodies must be application/json',
      });
      return;
    }
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { status?: number; type?: string };
      // Stop reading what is left of a refused body, but let the answer go out first.
      if (e.status === 413) {
        res.setHeader('Connection', 'close');
        return sendProblem(res, 413, {
          type: problemType('body-too-large'),
          title: 'Content Too Large',
          detail: `request bodies are limited to ${limitBytes} bytes`,
        });
      }
      if (e.status === 415)
        return sendProblem(res, 415, {
          type: problemType('unsupported-media-type'),
          title: 'Unsupported Media Type',
          detail: 'unsupported charset',
        });
      if (e.status === 400)
        return sendProblem(res, 400, {
          type: problemType('invalid-json'),
          title: 'Bad Request',
          detail: 'the body is not valid JSON',
        });
      next(err);
    });
  };
}
