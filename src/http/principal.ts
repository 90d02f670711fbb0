/** Who is calling, as established by the auth layer from a verified token. */
export type PrincipalLevel = 'system' | 'reseller' | 'tenant' | 'group' | 'user';

export interface Principal {
  sub: string;
  level: PrincipalLevel;
  tenantId?: string;
  groupId?: string;
  userId?: string;
  /** Reseller level: the tenants it owns. */
  tenantIds?: string[];
  /**
   * Who vouched for it: the key that verified the token (`secret` or `jwks`) and the token's
   * `iss`. Two token sources may issue the same `sub` for different people.
   */
  issuer?: string;
}

/**
 * Who issued a principal's credential, as `issuer` names it: how the token was signed ("secret"
 * for HS256, "jwks" otherwise) and its `iss`. A cookie session of an HS256 login gets the same.
 */
export function issuerLabel(signedBy: 'secret' | 'jwks', iss: string | undefined): string {
  return `${signedBy} ${iss ?? ''}`;
}

/** The principal, frozen with its tenant list: nothing downstream may change who the caller is. */
export function freezePrincipal(p: Principal): Principal {
  if (p.tenantIds) Object.freeze(p.tenantIds);
  return Object.freeze(p);
}

/** The principal's full identity (issuer, subject, level and scope), for keys of state kept per caller. */
export function principalIdentity(p: Principal | undefined): string {
  if (!p) return '';
  return JSON.stringify([
    p.issuer ?? '',
    p.sub,
    p.level,
    p.tenantId ?? '',
    p.groupId ?? '',
    p.userId ?? '',
    p.tenantIds ?? [],
  ]);
}

/** Where the auth middleware leaves the principal: `res.locals.principal`. */
export const PRINCIPAL_LOCAL = 'principal';

/**
 * Set by the scope check when a user-level token names another user of its tenant: the API
 * router then applies the delegation rule (an assistant acting for its executive) or refuses.
 */
export interface PendingDelegation {
  assistantUserId: string;
}

/** Where the scope check leaves a PendingDelegation: `res.locals.delegation`. */
export const DELEGATION_LOCAL = 'delegation';
