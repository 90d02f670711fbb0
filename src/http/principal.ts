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
}

/** Where the auth middleware leaves the principal: `res.locals.principal`. */
export const PRINCIPAL_LOCAL = 'principal';
