import type { RequestHandler } from 'express';
import { DELEGATION_LOCAL, PRINCIPAL_LOCAL, type PendingDelegation, type Principal } from '../principal';
import { sendProblem } from '../problem';
import { tokenRequired } from './authenticate';
import { BadPathError, isInScope, mayBeDelegated, parseScopeTarget } from './scope';
import { bearerChallenge } from './www-authenticate';

/**
 * Checks the path's tenant/group/user against the principal (token and path only, no OCI
 * traffic): 403 when out of scope. Runs after `authenticate`; without a principal → 401. A user
 * token on another user of its own tenant passes as a pending delegation (see mayBeDelegated)
 * only when `delegation` says a later router decides it; otherwise it is refused here (fail closed).
 */
export function createRequireScope(opts: { delegation?: boolean } = {}): RequestHandler {
  return (req, res, next) => {
    const principal = res.locals[PRINCIPAL_LOCAL] as Principal | undefined;
    if (!principal) return tokenRequired(res);
    let target;
    try {
      target = parseScopeTarget(req.path);
    } catch (err) {
      if (!(err instanceof BadPathError)) throw err;
      sendProblem(res, 'bad-path', { detail: err.message });
      return;
    }
    if (isInScope(principal, target)) {
      next();
      return;
    }
    if (opts.delegation && mayBeDelegated(principal, target)) {
      // Decided by the API router: only routes that accept an assistant, and only an opted-in one.
      res.locals[DELEGATION_LOCAL] = { assistantUserId: principal.userId! } satisfies PendingDelegation;
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', bearerChallenge('insufficient_scope'));
    sendProblem(res, 'forbidden', { detail: `a ${principal.level} token does not reach this resource` });
  };
}
