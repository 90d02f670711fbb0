import type { Principal } from '../principal';

/** APIO's `user_level` of each level (reseller is an overlay on 16, told by `access_type`). */
const APIO_LEVEL = { user: 0, group: 8, tenant: 12, reseller: 16, system: 16 } as const;

/** The `ids` and `profile` members APIO's login answers with, for a principal. */
export function apioLoginMembers(p: Principal) {
  return {
    ids: { tenant_id: p.tenantId ?? null, group_id: p.groupId ?? null, user_id: p.userId ?? null },
    profile: {
      user_level: APIO_LEVEL[p.level],
      is_first_login: false as const,
      ...(p.level === 'reseller' ? { access_type: 1 as const } : {}),
    },
  };
}
