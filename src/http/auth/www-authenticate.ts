/** The realm every challenge names. */
export const REALM = 'oci-gateway';

/** A Bearer challenge (RFC 6750 §3); no error code when the request carried no token. */
export function bearerChallenge(
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
  description?: string,
): string {
  let v = `Bearer realm="${REALM}"`;
  if (error) v += `, error="${error}"`;
  if (description) v += `, error_description="${description.replace(/["\\]/g, '')}"`;
  return v;
}
