import type { FieldError } from '../mapping/failure';

/**
 * The error envelope of Netaxis APIO, beside RFC 9457: APIO's reference UI reads
 * `body.errors[0].message`, and its error page puts BroadWorks' own error under `details`
 * (`error_code`, `summary`, `detail`). The envelope is inferred from those two sources, so it is added to
 * the problem members, never instead of them.
 */

/** BroadWorks' error as this caller is shown it (`ociError`): summary and detail for system callers only. */
export interface ShownOciError {
  code?: number;
  summary?: string;
  detail?: string;
}

/** One BroadWorks error in APIO's names: exactly what `ociError` shows, renamed. */
export interface ApioBackendError {
  error_code?: number;
  summary?: string;
  detail?: string;
}

/** APIO's `details` of an error BroadWorks raised. */
export interface ApioDetails {
  errors: [ApioBackendError];
}

/** One item of a problem's `errors`: a field error, or the detail itself; `details` when BroadWorks gave the error. */
export interface ProblemErrorItem extends FieldError {
  details?: ApioDetails;
}

/** A problem's `errors`: never empty, so `errors[0].message` always reads. */
export type ProblemErrors = [ProblemErrorItem, ...ProblemErrorItem[]];

/** The `ociError` worth answering: none when it would show nothing (no code, no summary). */
export function shownOciError(ociError: ShownOciError | undefined): ShownOciError | undefined {
  if (!ociError) return undefined;
  const shown: ShownOciError = {
    ...(ociError.code !== undefined ? { code: ociError.code } : {}),
    ...(ociError.summary !== undefined ? { summary: ociError.summary } : {}),
    ...(ociError.detail !== undefined ? { detail: ociError.detail } : {}),
  };
  return Object.keys(shown).length > 0 ? shown : undefined;
}

/**
 * The `errors` of a problem body: its field errors as they are, else one item carrying the
 * detail; the first item gains `details` when the body shows a BroadWorks error, holding
 * `error_code`, `summary` and `detail` exactly when `ociError` holds them (so a caller
 * that may not see the code does not see it here either).
 */
export function apioErrors(
  detail: string,
  fieldErrors: readonly FieldError[] | undefined,
  ociError?: ShownOciError,
): ProblemErrors {
  const [first, ...rest]: FieldError[] =
    fieldErrors && fieldErrors.length > 0 ? [...fieldErrors] : [{ message: detail }];
  if (!ociError) return [{ ...first }, ...rest];
  // The members ociError holds, code renamed to APIO's error_code.
  const { code, ...texts } = shownOciError(ociError) ?? {};
  const backend: ApioBackendError = { ...(code !== undefined ? { error_code: code } : {}), ...texts };
  return [{ ...first, details: { errors: [backend] } }, ...rest];
}
