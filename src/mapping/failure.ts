/** One offending input: a JSON pointer into the body, or a path/query parameter name. */
export interface FieldError {
  pointer?: string;
  parameter?: string;
  message: string;
}

/** A BroadWorks ErrorResponse behind a failure; the summary is only ever shown to system callers. */
export interface BackendError {
  code?: number;
  summary: string;
}

/**
 * A failure the engine decided on, with its HTTP meaning. `slug` names the problem type
 * (https://oci-gateway.dev/problems/<slug>); `detail` is safe for every caller.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; backend?: BackendError } = {},
  ) {
    super(detail);
    this.name = 'ApiFailure';
  }
}

/** 400 listing every offending field. */
export function validationFailure(errors: FieldError[]): ApiFailure {
  return new ApiFailure(
    400,
    'validation-error',
    'Invalid request',
    `${errors.length} invalid field(s); nothing was sent to BroadWorks`,
    { errors },
  );
}

/** 404 for a user outside the path's tenant/group, an unknown user, or Executive not assigned. */
export function notAssignedFailure(backend?: BackendError): ApiFailure {
  return new ApiFailure(
    404,
    'service-not-assigned',
    'User not found or service not assigned',
    'the user does not exist in this tenant and group, or the service is not assigned to the user',
    backend ? { backend } : {},
  );
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
    timedOut ? 504 : 502,
    'write-incomplete',
    'Change applied, request not completed',
    'part of the change was applied, then a later step failed (a further change, or reading the new state): re-read before retrying',
    backend ? { backend } : {},
  );
}
