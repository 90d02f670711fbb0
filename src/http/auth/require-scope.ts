import type { RequestHandler } from 'express';
import { PRINCIPAL_LOCAL, type Principal } from '../principal';
import { BadPathError, isInScope, parseScopeTarget } from './scope';
import { problemType, sendProblem } from '../problem';
import { bearerChallenge } from './www-authenticate';

/**
 * Checks the path's tenant/group/user against the principal (token and path only, no OCI
 * traffic): 403 when out of scope. Runs after `authenticate`; without a principal → 401.
 */
export function createRequireScope(): RequestHandler {
  return (req, res, next) => {
    const principal = res.locals[PRINCIPAL_LOCAL] as Principal | undefined;
    if (!principal) {
      res.setHeader('WWW-Authenticate', bearerChallenge());
      sendProblem(res, 401, {
        type: problemType('unauthorized'),
        title: 'Unauthorized',
        detail: 'a Bearer token is required',
      });
      return;
    }
    let target;
    try {
      target = parseScopeTarget(req.path);
    } catch (err) {
      if (!(err instanceof BadPathError)) throw err;
      sendProblem(res, 400, { type: problemType('bad-path'), title: 'Bad Request', detail: err.message });
      return;
    }
    if (isInScope(principal, target)) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', bearerChallenge('insufficient_scope'));
    sendProblem(res, 403, {
      type: problemType('forbidden'),
      title: 'Forbidden',
      detail: `a ${principal.level} token does not reach this resource`,
    });
  };
}
