import type { Response } from 'express';
import type { DocumentTally } from '../oci/executor';

/**
 * What the gateway knows about the request being served. It travels explicitly (res.locals, and
 * the request id in each OCI command's echo; `documents` is the tally the OCI client counts
 * the request's documents in), not in AsyncLocalStorage: on Node 20 an active
 * AsyncLocalStorage turns on promise hooks for every promise of the process.
 */
export interface RequestContext extends DocumentTally {
  requestId: string;
}

/** res.locals key of the request context. */
export const REQUEST_CONTEXT_LOCAL = 'requestContext';

/** Leaves the request's context on the response (request-id middleware). */
export function setRequestContext(res: Response, ctx: RequestContext): void {
  res.locals[REQUEST_CONTEXT_LOCAL] = ctx;
}

/** The request's context, or undefined before the request-id middleware ran. */
export function requestContextOf(res: Response): RequestContext | undefined {
  return res.locals[REQUEST_CONTEXT_LOCAL] as RequestContext | undefined;
}

/** The request's id (for log lines), or undefined before the request-id middleware ran. */
export function requestIdOf(res: Response): string | undefined {
  return requestContextOf(res)?.requestId;
}
