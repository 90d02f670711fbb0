import { z } from 'zod';
import type { Principal } from '../principal';

const id = z.string().min(1).max(256);

// One schema per level: the ids a level needs are required, so a token missing them is refused.
const levelClaims = z.discriminatedUnion('level', [
  z.object({ level: z.literal('system') }),
  z.object({ level: z.literal('reseller'), tenantIds: z.array(id).max(10_000) }),
  z.object({ level: z.literal('tenant'), tenantId: id }),
  z.object({ level: z.literal('group'), tenantId: id, groupId: id }),
  z.object({ level: z.literal('user'), tenantId: id, groupId: id, userId: id }),
]);

const claimsSchema = z.object({ sub: id }).and(levelClaims);

/** The `typ` claim of refresh tokens; access tokens issued here carry `access`. */
export const REFRESH_TYP = 'refresh';
export const ACCESS_TYP = 'access';

/** Turns verified JWT claims into a Principal, or null when the level or its ids are wrong. */
export function principalFromClaims(payload: Record<string, unknown>): Principal | null {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) return null;
  const c = parsed.data;
  switch (c.level) {
    case 'system':
      return { sub: c.sub, level: 'system' };
    case 'reseller':
      return { sub: c.sub, level: 'reseller', tenantIds: [...c.tenantIds] };
    case 'tenant':
      return { sub: c.sub, level: 'tenant', tenantId: c.tenantId };
    case 'group':
      return { sub: c.sub, level: 'group', tenantId: c.tenantId, groupId: c.groupId };
    case 'user':
      return { sub: c.sub, level: 'user', tenantId: c.tenantId, groupId: c.groupId, userId: c.userId };
  }
}

/** The claims a token issued here carries for a principal (only the ids its level uses). */
export function claimsFromPrincipal(p: Principal): Record<string, unknown> {
  const out: Record<string, unknown> = { level: p.level };
  if (p.level === 'reseller') out.tenantIds = p.tenantIds ?? [];
  if (p.level === 'tenant' || p.level === 'group' || p.level === 'user') out.tenantId = p.tenantId;
  if (p.level === 'group' || p.level === 'user') out.groupId = p.groupId;
  if (p.level === 'user') out.userId = p.userId;
  return out;
}
