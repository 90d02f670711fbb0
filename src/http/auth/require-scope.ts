import type { RequestHandler } from 'express';
import { PRINCIPAL_LOCAL, type Principal } from '../principal';
import { sendProblem } from '../problem';
import { tokenRequired } from './authenticate';
import { BadPathError, isInScope, parseScopeTarget } from './scope';
import { bearerChallenge } from './www-authenticate';

/**
 * Checks the path's tenant/group/user against the principal (token and path only, no OCI
 * traffic): 403 when out of scope. Runs after `authenticate`; without a principal → 401.
 */
export function createRequireScope(): RequestHandler {
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
    res.setHeader('WWW-Authenticate', bearerChallenge('insufficient_scope'));
    sendProblem(res, 'forbidden', { detail: `a ${principal.level} token does not reach this resource` });
  };
}
