import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { setRequestContext } from './request-context';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// A caller's id is reused only when it is safe to echo and to write into logs.
const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** True when a client-supplied request id may be reused as is. */
export function isValidRequestId(value: unknown): value is string {
  return typeof value === 'string' && VALID_ID.test(value);
}

/**
 * Takes the caller's X-Request-Id when valid, else generates one; echoes it on the
 * response and leaves the request context (id and OCI document tally) on the response for the
 * layers after it (requestContextOf, requestIdOf). Mount it first.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get(REQUEST_ID_HEADER);
    const id = isValidRequestId(given) ? given : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, id);
    setRequestContext(res, { requestId: id, documents: 0 });
    next();
  };
}
