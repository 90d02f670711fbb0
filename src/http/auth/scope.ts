import type { Principal } from '../principal';

/** The ids a request path names, URL-decoded. */
export interface ScopeTarget {
  tenantId?: string;
  groupId?: string;
  userId?: string;
}

// Optional mount prefix (/api, /api/v1, /v1 or none), then tenants/groups/users pairs.
// Case-insensitive like express routing, so the check sees what the router will match.
const TARGET_RE = /^(?:\/api)?(?:\/v\d+)?\/tenants\/([^/]+)(?:\/groups\/([^/]+)(?:\/users\/([^/]+))?)?(?:\/|$)/i;
const DOT_SEGMENT_RE = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/** Thrown for a path that cannot be read safely (bad %-encoding, dot segments). */
export class BadPathError extends Error {}

/** Reads the tenant/group/user a request path names; `{}` when it names no tenant. */
export function parseScopeTarget(path: string): ScopeTarget {
  if (DOT_SEGMENT_RE.test(path)) throw new BadPathError('dot segments are not allowed in the path');
  const m = TARGET_RE.exec(path);
  if (!m) return {};
  return { tenantId: decode(m[1]), groupId: decode(m[2]), userId: decode(m[3]) };
}

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadPathError('malformed percent-encoding in the path');
  }
}

/**
 * The scope rule, from the token and the path alone: system → everything; reseller →
 * its tenants; tenant → its tenant; group → its group; user → only itself. A path
 * naming no tenant is for system principals only.
 */
export function isInScope(p: Principal, t: ScopeTarget): boolean {
  if (p.level === 'system') return true;
  if (t.tenantId === undefined) return false;
  switch (p.level) {
    case 'reseller':
      return (p.tenantIds ?? []).includes(t.tenantId);
    case 'tenant':
      return t.tenantId === p.tenantId;
    case 'group':
      return t.tenantId === p.tenantId && t.groupId !== undefined && t.groupId === p.groupId;
    case 'user':
      return (
        t.tenantId === p.tenantId &&
        t.groupId !== undefined &&
        t.groupId === p.groupId &&
        t.userId !== undefined &&
        t.userId === p.userId
      );
    default:
      return false;
  }
}

/**
 * A user-level token on another user of its own tenant: the request may be an assistant acting
 * for its executive. Only then is BroadWorks asked (by the API router, for routes that accept
 * assistants); any other tenant is refused from the token and path alone.
 */
export function mayBeDelegated(p: Principal, t: ScopeTarget): boolean {
  return (
    p.level === 'user' &&
    p.userId !== undefined &&
    t.tenantId !== undefined &&
    t.tenantId === p.tenantId &&
    t.groupId !== undefined &&
    t.userId !== undefined &&
    t.userId !== p.userId
  );
}
