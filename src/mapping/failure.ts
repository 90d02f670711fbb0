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
  return new ApiFailure(400, 'validation-error', 'Invalid request', `${errors.length} invalid field(s); nothing was sent to BroadWorks`, { errors });
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
