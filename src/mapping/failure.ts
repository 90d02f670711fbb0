/** One offending input: a JSON pointer into the body, or a path/query parameter name. */
export interface FieldError {
  pointer?: string;
  parameter?: string;
  message: string;
}

/** A BroadWorks ErrorResponse behind a failure; summary and detail are only ever shown to system callers. */
export interface BackendError {
  code?: number;
  summary: string;
  /** BroadWorks' `detail` (e.g. the validator's text for a 6004), when it gave one. */
  detail?: string;
}

/**
 * The failures the engine decides on. Each slug names a problem type; the HTTP layer gives it
 * its status and title (src/http/problem-catalogue.ts), so this layer knows nothing of HTTP.
 */
export type MappingFailureSlug =
  | 'validation-error'
  | 'refused-by-state'
  | 'service-not-assigned'
  | 'resource-not-found'
  | 'rejected-by-backend'
  | 'backend-error'
  | 'write-incomplete'
  | 'outcome-unknown';

export interface FailureData {
  errors?: FieldError[];
  /**
   * Fields found by reading BroadWorks' summary (e.g. which assistant id it named): like the
   * summary itself, shown to system callers only.
   */
  backendErrors?: FieldError[];
  backend?: BackendError;
  /** The failure followed a deadline (the HTTP answer says so: 504 rather than 502). */
  timedOut?: boolean;
}

/**
 * Failures about a user id the caller's scope may not cover (a body id BroadWorks refused, a
 * path user it places elsewhere): BroadWorks' code would tell an unknown id from one in another
 * tenant or without the service, so callers below system get the same answer for all of them.
 */
const EXISTENCE_REVEALING: ReadonlySet<MappingFailureSlug> = new Set([
  'service-not-assigned',
  'rejected-by-backend',
  'write-incomplete',
]);

/** BroadWorks' error as a caller is shown it: the code to everyone, its summary and detail to system callers only. */
export function shownBackendError(
  backend: { code?: number; summary: string; detail?: string },
  system: boolean,
): { code?: number; summary?: string; detail?: string } {
  if (!system) return { code: backend.code };
  return backend.detail === undefined
    ? { code: backend.code, summary: backend.summary }
    : { code: backend.code, summary: backend.summary, detail: backend.detail };
}

/**
 * What of BroadWorks' error a caller is shown: system callers its code, summary and the fields
 * read from the summary; others the code alone, and not even that when it could reveal an id.
 */
export function backendShown(
  failure: ApiFailure,
  system: boolean,
): { ociError?: { code?: number; summary?: string; detail?: string }; errors?: FieldError[] } {
  const { backend, errors, backendErrors } = failure.extras;
  if (system) {
    const all = [...(errors ?? []), ...(backendErrors ?? [])];
    return {
      ...(backend ? { ociError: shownBackendError(backend, true) } : {}),
      ...(all.length > 0 ? { errors: all } : {}),
    };
  }
  const showCode = backend !== undefined && !EXISTENCE_REVEALING.has(failure.slug);
  return { ...(showCode ? { ociError: shownBackendError(backend, false) } : {}), ...(errors ? { errors } : {}) };
}

/** A failure the engine decided on: a slug, a detail safe for every caller, and its data. */
export class ApiFailure extends Error {
  constructor(
    readonly slug: MappingFailureSlug,
    readonly detail: string,
    readonly extras: FailureData = {},
  ) {
    super(detail);
    this.name = 'ApiFailure';
  }
}

/** Invalid input, listing every offending field. */
export function validationFailure(errors: FieldError[]): ApiFailure {
  return new ApiFailure('validation-error', `${errors.length} invalid field(s); nothing was sent to BroadWorks`, {
    errors,
  });
}

/** The current state refuses the change (a write's read-first checks); nothing was written. */
export function refusedByStateFailure(errors: FieldError[]): ApiFailure {
  return new ApiFailure('refused-by-state', `${errors.map((e) => e.message).join('; ')}; nothing was changed`, {
    errors,
  });
}

/** A user outside the path's tenant/group, an unknown user, or Executive not assigned. */
export function notAssignedFailure(backend?: BackendError): ApiFailure {
  return new ApiFailure(
    'service-not-assigned',
    'the user does not exist in this tenant and group, or the service is not assigned to the user',
    backend ? { backend } : {},
  );
}

/** BroadWorks refused a read (or the membership check) with an error we cannot map further. */
export function backendReadFailure(detail: string, backend: BackendError | undefined): ApiFailure {
  return new ApiFailure('backend-error', detail, { backend });
}

/**
 * A write was applied, then a later step failed: a further write of the same request, or the
 * read of the new state. Neither "applied" (2xx) nor "not applied" (4xx) would be honest, so
 * the client is told what happened and to re-read before it retries.
 */
export function incompleteWriteFailure(cause: unknown): ApiFailure {
  const timedOut = typeof cause === 'object' && cause !== null && (cause as { timedOut?: boolean }).timedOut === true;
  const backend = cause instanceof ApiFailure ? cause.extras.backend : undefined;
  return new ApiFailure(
    'write-incomplete',
    'part of the change was applied, then a later step failed (a further change, or reading the new state): re-read before retrying',
    { ...(backend ? { backend } : {}), timedOut },
  );
}

/** The user is in the path's tenant and group, but the service is not assigned (isAssigned false). */
export function serviceNotAssignedFailure(service: string): ApiFailure {
  return new ApiFailure('service-not-assigned', `the ${service} service is not assigned to the user`);
}

/**
 * BroadWorks answered a write with a Warning (or Info) and the state read back does not
 * show the requested values, or there was no read to tell: it may or may not be applied.
 */
export function warnedWriteFailure(backend: BackendError): ApiFailure {
  return new ApiFailure(
    'outcome-unknown',
    'BroadWorks answered the change with a warning and the state read back does not show it; it may or may not be applied: read the resource before retrying',
    { backend },
  );
}
