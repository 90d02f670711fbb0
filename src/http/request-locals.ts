import type { RequestHandler } from 'express';
import { FAILURE_CAUSE_LOCAL } from '../observability/failure-cause';
import { REQUEST_CONTEXT_LOCAL } from '../observability/request-context';
import { IDEMPOTENT_LOCAL } from './idempotency';
import { DELEGATION_LOCAL, PRINCIPAL_LOCAL } from './principal';

/**
 * res.locals with every key the gateway uses declared up front. Why: express creates res.locals
 * with Object.create(null), which V8 keeps in dictionary mode, so every read and write of these
 * keys missed the inline caches; a class instance keeps one shape for all requests. It is worth
 * keeping by measure: without it a request costs clearly more CPU (paired A/B; docs/benchmarks.md).
 */
export class RequestLocals {
  [REQUEST_CONTEXT_LOCAL]: unknown = undefined;
  [PRINCIPAL_LOCAL]: unknown = undefined;
  [DELEGATION_LOCAL]: unknown = undefined;
  [IDEMPOTENT_LOCAL]: unknown = undefined;
  [FAILURE_CAUSE_LOCAL]: unknown = undefined;
  [key: string]: unknown;
}

/** Replaces express's res.locals with a RequestLocals; mount it first. */
export function requestLocals(): RequestHandler {
  return (_req, res, next) => {
    res.locals = new RequestLocals();
    next();
  };
}
