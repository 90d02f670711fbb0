import type { OciResult } from './command';
import { OciError, type OciBackendDetail } from './errors';

/**
 * THE classification of a document's reply: every answer a backend gives to a document goes
 * through classifyReply, and docs/reliability.md ("How a reply is classified") describes the
 * same order. First match wins.
 */

/** BroadWorks' schema-validation error: the document was refused before anything ran. */
export const VALIDATION_ERROR_CODE = 6004;

/** A session or link signal, wherever it appears (SOAP fault or ErrorResponse text). */
export type LinkSignal = 'not-logged-in' | 'no-ocs-connection' | 'invalid-request';

/** "Before user is logged in" first: it arrives as faultstring INVALID_REQUEST with that detail. */
export function linkSignalOf(...texts: (string | undefined)[]): LinkSignal | undefined {
  const all = texts.filter(Boolean).join('\n');
  if (/before user is logged in/i.test(all)) return 'not-logged-in';
  if (/NO_OCS_CONNECTION/i.test(all)) return 'no-ocs-connection';
  if (/INVALID_REQUEST/i.test(all)) return 'invalid-request';
  return undefined;
}

/** What came back for one document: a SOAP fault (from soap.ts), or the reply's results. */
export type DocumentReply = { fault: OciError } | { results: OciResult[] };

const detailOf = (r: Extract<OciResult, { kind: 'error' }>): OciBackendDetail => ({
  code: r.code,
  summary: r.summaryEnglish || r.summary,
  detail: r.detail,
});

/**
 * Classifies the reply to a document of `sent` commands. Returns the per-command results
 * (rule 4) or throws the OciError that says what the caller may conclude:
 *
 * 1. Session or link signal (SOAP fault, or in an ErrorResponse's summary/detail):
 *    - "before user is logged in", nothing else answered → `session-lost` (resend once, any document);
 *    - NO_OCS_CONNECTION / other INVALID_REQUEST → a read: `link-lost` (re-login, resend once);
 *      a document with a write: `outcome-unknown` (the XSP may have forwarded it; never resent).
 *      Both count as transport failures (breaker, readiness, failover).
 * 2. Any other SOAP fault → write: `outcome-unknown`; read: `backend-error`.
 * 3. One ErrorResponse for a document of several commands → 6004: `document-rejected`
 *    (nothing ran); other codes: write `outcome-unknown`, read `backend-error`.
 *    Any other count mismatch → `bad-reply` (the transport turns it into outcome-unknown for writes).
 * 4. Otherwise the results, one per command, each read by the mapping layer.
 */
export function classifyReply(reply: DocumentReply, sent: number, hasWrite: boolean): OciResult[] {
  // 1. Session and link signals.
  const texts =
    'fault' in reply
      ? [reply.fault.backend?.summary, reply.fault.backend?.detail]
      : reply.results.flatMap((r) => (r.kind === 'error' ? [r.summaryEnglish, r.summary, r.detail] : []));
  let signal = linkSignalOf(...texts);
  const message = 'fault' in reply ? reply.fault.message : texts.filter(Boolean).join(' / ');
  // Something answered normally next to the "not logged in" text: part of the document ran.
  if (signal === 'not-logged-in' && 'results' in reply && reply.results.some((r) => r.kind !== 'error'))
    signal = 'invalid-request';
  if (signal === 'not-logged-in')
    return failure('session-lost', `session not logged in: ${message}`, { answered: true });
  if (signal) {
    const opts = { link: true, sessionGone: true };
    if (hasWrite) return failure('outcome-unknown', `write sent, the XSP answered ${signal}: ${message}`, opts);
    return failure('link-lost', `the XSP answered ${signal}: ${message}`, opts);
  }

  // 2. Any other SOAP fault.
  if ('fault' in reply) {
    const backend = reply.fault.backend;
    if (hasWrite) return failure('outcome-unknown', `write sent, answered by ${message}`, { answered: true, backend });
    return failure('backend-error', `read answered by ${message}`, { answered: true, backend });
  }

  // 3. A whole document answered by one ErrorResponse.
  const { results } = reply;
  const lone = results[0];
  if (sent > 1 && results.length === 1 && lone?.kind === 'error') {
    const backend = detailOf(lone);
    if (lone.code === VALIDATION_ERROR_CODE)
      return failure('document-rejected', `document refused by validation: ${backend.summary}`, {
        answered: true,
        backend,
      });
    if (hasWrite)
      return failure('outcome-unknown', `write sent, one ErrorResponse for ${sent} commands: ${backend.summary}`, {
        answered: true,
        backend,
      });
    return failure('backend-error', `one ErrorResponse for ${sent} commands: ${backend.summary}`, {
      answered: true,
      backend,
    });
  }
  if (results.length !== sent)
    throw new OciError('bad-reply', `sent ${sent} commands, got ${results.length} results`, { sent: true });

  // 4. One result per command.
  return results;
}

function failure(
  kind: 'session-lost' | 'link-lost' | 'outcome-unknown' | 'backend-error' | 'document-rejected',
  message: string,
  opts: { answered?: boolean; link?: boolean; sessionGone?: boolean; backend?: OciBackendDetail },
): never {
  throw new OciError(kind, message, { sent: true, ...opts });
}
