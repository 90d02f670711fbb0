import { OciError } from './errors';

/*
 * RESEND RULE — when a document may go out a second time (the reply itself is classified
 * by classifyReply in outcome.ts; Backend.run acts on the verdict of resendDecision):
 * 1. "Before user is logged in" (session-lost): it never ran → resend it once, on a session
 *    that has just logged in (pool.acquireFresh), for reads and writes alike.
 * 2. A read-only document whose connection dropped, or whose XSP answered NO_OCS_CONNECTION /
 *    another INVALID_REQUEST (link-lost): re-login and resend once.
 * 3. A document with a write whose fate is unknown (connection dropped after sending, the
 *    deadline passed, the reply was unreadable, the XSP lost its link, a server fault): NEVER
 *    resent, neither here nor on the secondary → OciError('outcome-unknown').
 * 4. A read that hits the deadline → OciError('timeout').
 * 5. Nothing sent (cannot connect, breaker open, login impossible) → 'unavailable' with
 *    sent=false; the client may then try the secondary, for reads and writes. A read that
 *    failed twice ('unavailable', sent) may also go to the secondary.
 * Over a socket transport the same rule holds with "connection" meaning the session's own socket.
 */

/** What Backend.run does after one failed attempt. */
export type ResendDecision =
  | {
      action: 'resend';
      /** Resend on a session that has just logged in (or proved alive). */
      fresh: boolean;
      /** The session the attempt used is no use any more. */
      sessionDead: boolean;
      /** Log line saying why the document goes out again. */
      reason: string;
    }
  | { action: 'fail'; error: OciError; sessionDead: boolean };

/**
 * Decides, for a document that failed with `err`, whether it may be sent again (once), and
 * what to throw otherwise. `resent` is true when this was already the second attempt.
 */
export function resendDecision(err: unknown, hasWrite: boolean, resent: boolean): ResendDecision {
  const e =
    err instanceof OciError ? err : new OciError('bad-reply', (err as Error).message, { sent: true, cause: err });
  if (e.kind === 'session-lost' || e.kind === 'link-lost') {
    if (!resent)
      return {
        action: 'resend',
        fresh: true,
        sessionDead: true,
        reason:
          e.kind === 'session-lost'
            ? 'OCI session lost; logging in again and resending once'
            : 'OCI link lost during a read; logging in again and resending once',
      };
    return {
      action: 'fail',
      sessionDead: true,
      error: new OciError('unavailable', `OCI session or link lost again after a new login: ${e.message}`, {
        sent: e.kind === 'link-lost',
        cause: e,
      }),
    };
  }
  if (e.kind === 'outcome-unknown') {
    // The XSP's link to the server is gone: this session is no use either.
    const sessionDead = e.sessionGone;
    if (!hasWrite && !resent)
      return {
        action: 'resend',
        fresh: false,
        sessionDead,
        reason: 'OCI connection dropped during a read; resending once',
      };
    if (!hasWrite)
      return {
        action: 'fail',
        sessionDead,
        error: new OciError('unavailable', `connection dropped twice during a read: ${e.message}`, {
          sent: true,
          cause: e,
        }),
      };
    return { action: 'fail', sessionDead, error: e };
  }
  if (e.kind === 'timeout' && e.sent) {
    // The document may still be running on the server: this session is done for.
    if (hasWrite)
      return {
        action: 'fail',
        sessionDead: true,
        error: new OciError('outcome-unknown', 'write sent, no reply before the deadline', {
          sent: true,
          timedOut: true,
          cause: e,
        }),
      };
    return { action: 'fail', sessionDead: true, error: e };
  }
  // The server ran the document but we cannot read what it said: a write's fate is unknown.
  if (e.kind === 'bad-reply' && hasWrite)
    return {
      action: 'fail',
      sessionDead: false,
      error: new OciError('outcome-unknown', `write sent, unreadable reply: ${e.message}`, { sent: true, cause: e }),
    };
  return { action: 'fail', sessionDead: false, error: e };
}
