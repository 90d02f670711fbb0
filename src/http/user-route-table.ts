import type { RequestHandler } from 'express';
import { RESOURCE_PREFIX as PREFIX } from '../mapping/compile';

const GROUPS = '/groups/';
const USERS = '/users/';

interface TableRoute {
  template: string;
  handler: RequestHandler;
}

export interface TableHit extends TableRoute {
  params: { tenant: string; group: string; user: string };
}

/**
 * A map lookup for the API's usual request: `/api/v1/tenants/{tenant}/groups/{group}/users/{user}/`
 * and a static rest, written exactly as documented. One lookup instead of express trying each
 * route's pattern in turn. It answers only what it is sure of:
 * anything else (other case, a doubled slash, a parameter in the rest, bad %-encoding, HEAD)
 * is a miss, and express's router, which serves every route too, decides as it always did.
 */
export class UserRouteTable {
  private readonly routes = new Map<string, TableRoute>();

  /** Adds a route whose rest (relative to the user, e.g. `services/executive/alerting/`) is static; false otherwise. */
  add(method: string, rest: string, template: string, handler: RequestHandler): boolean {
    if (rest.includes('{') || rest.includes(':') || rest.includes('//')) return false;
    this.routes.set(`${method.toUpperCase()} ${rest.replace(/\/+$/, '')}`, { template, handler });
    return true;
  }

  match(method: string, path: string): TableHit | undefined {
    if (!path.startsWith(PREFIX)) return undefined;
    const g = path.indexOf('/', PREFIX.length);
    if (g < 0 || !path.startsWith(GROUPS, g)) return undefined;
    const u = path.indexOf('/', g + GROUPS.length);
    if (u < 0 || !path.startsWith(USERS, u)) return undefined;
    const r = path.indexOf('/', u + USERS.length);
    if (r < 0) return undefined;
    // One trailing slash is optional, as in the express routes.
    const rest = path.endsWith('/') ? path.slice(r + 1, -1) : path.slice(r + 1);
    const route = this.routes.get(`${method} ${rest}`);
    if (!route) return undefined;
    const tenant = decode(path.slice(PREFIX.length, g));
    const group = decode(path.slice(g + GROUPS.length, u));
    const user = decode(path.slice(u + USERS.length, r));
    if (tenant === undefined || group === undefined || user === undefined) return undefined;
    return { ...route, params: { tenant, group, user } };
  }
}

/** express's decoding of a path parameter; undefined where express would answer 400 itself (or match nothing). */
function decode(segment: string): string | undefined {
  if (segment === '') return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
