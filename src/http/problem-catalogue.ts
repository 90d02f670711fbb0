/**
 * The one catalogue of problem types the gateway answers with (RFC 9457): slug → status and
 * title. Every handler names a slug from here; the detail says what happened this time.
 * docs/api-notes.md lists the same slugs (test/unit/problem-catalogue.test.ts keeps them in sync).
 */

/** Every problem type of the gateway lives under this prefix. */
export const PROBLEM_BASE = 'https://oci-gateway.dev/problems/';

export interface ProblemEntry {
  status: number;
  title: string;
  /** The status when the cause was a deadline (the answer may still come: 504, not 502). */
  timedOutStatus?: number;
  /** A `type` other than PROBLEM_BASE + slug (readiness answers predate the slugs). */
  type?: string;
}

export const PROBLEMS = {
  'validation-error': { status: 400, title: 'Invalid request' },
  'invalid-json': { status: 400, title: 'Invalid JSON' },
  // Refused before parsing, so no walk over the body can run out of stack (MAX_JSON_DEPTH).
  'body-too-deep': { status: 400, title: 'JSON nested too deeply' },
  'invalid-if-match': { status: 400, title: 'Invalid If-Match' },
  'invalid-idempotency-key': { status: 400, title: 'Invalid Idempotency-Key' },
  'bad-path': { status: 400, title: 'Bad Request' },
  // express refuses some requests itself (e.g. broken %-encoding): its own 4xx status is kept.
  'bad-request': { status: 400, title: 'Bad Request' },
  'rejected-by-backend': { status: 400, title: 'Rejected by BroadWorks' },
  'refused-by-state': { status: 400, title: 'Not allowed in the current state' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'csrf-rejected': { status: 403, title: 'Cross-site request refused' },
  'service-not-assigned': { status: 404, title: 'User not found or service not assigned' },
  'resource-not-found': { status: 404, title: 'Not found' },
  'not-found': { status: 404, title: 'Not Found' },
  'method-not-allowed': { status: 405, title: 'Method Not Allowed' },
  'idempotency-key-in-flight': { status: 409, title: 'Request in progress' },
  'precondition-failed': { status: 412, title: 'Precondition Failed' },
  'body-too-large': { status: 413, title: 'Content Too Large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported Media Type' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused' },
  'rate-limited': { status: 429, title: 'Too Many Requests' },
  'login-locked': { status: 429, title: 'Too Many Requests' },
  'internal-error': { status: 500, title: 'Internal Server Error' },
  // BroadWorks refused a whole document by schema validation: nothing ran; a gateway defect.
  'document-rejected': { status: 500, title: 'Document rejected by BroadWorks' },
  'login-not-available': { status: 501, title: 'Not Implemented' },
  'outcome-unknown': { status: 502, title: 'Outcome unknown', timedOutStatus: 504 },
  'write-incomplete': { status: 502, title: 'Change applied, request not completed', timedOutStatus: 504 },
  'bad-backend-reply': { status: 502, title: 'Unreadable BroadWorks reply' },
  'backend-error': { status: 502, title: 'BroadWorks error' },
  'backend-unavailable': { status: 503, title: 'BroadWorks unavailable' },
  'keys-unavailable': { status: 503, title: 'Service Unavailable' },
  'coordination-unavailable': { status: 503, title: 'Coordination unavailable' },
  busy: { status: 503, title: 'Busy' },
  'not-ready': { status: 503, title: 'Not Ready', type: 'about:blank' },
  'backend-timeout': { status: 504, title: 'BroadWorks timeout' },
} as const satisfies Record<string, ProblemEntry>;

export type ProblemSlug = keyof typeof PROBLEMS;

/** The catalogue entry of a slug. */
export function problemEntry(slug: ProblemSlug): ProblemEntry {
  return PROBLEMS[slug];
}

/** The `type` URI of a problem from its slug. */
export function problemType(slug: ProblemSlug): string {
  return problemEntry(slug).type ?? PROBLEM_BASE + slug;
}
