import type { Response } from 'express';

/**
 * Why a request failed, as the access line reports it: the problem type the client got and, for
 * a failed exchange with BroadWorks, the OCI failure kind. Left by sendProblem on the response
 * (res.locals), read by the access logger when the answer has gone out.
 */
export interface FailureCause {
  /** The problem slug (the last segment of the problem `type`). */
  problem: string;
  /** What the client was told; safe for every caller, so safe to log. */
  detail: string;
  /** The OciError kind behind a backend failure (unavailable, timeout, outcome-unknown…). */
  ociFailure?: string;
}

/** res.locals key of the failure cause. */
export const FAILURE_CAUSE_LOCAL = 'failureCause';

export function setFailureCause(res: Response, cause: FailureCause): void {
  res.locals[FAILURE_CAUSE_LOCAL] = cause;
}

export function failureCauseOf(res: { locals?: Record<string, unknown> }): FailureCause | undefined {
  return res.locals?.[FAILURE_CAUSE_LOCAL] as FailureCause | undefined;
}
