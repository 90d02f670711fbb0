import type { Request } from 'express';

/** Label for requests that matched no route (404s, probes of random paths). */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The route template that served the request ("/api/v1/tenants/:tenantId/…"), never the
 * raw path: raw paths carry ids and would give every user their own time series.
 */
export function routeTemplate(req: Request): string {
  // express types req.route as any; a route's path is a string, a RegExp or a list of them.
  const route = req.route as { path?: string | RegExp | (string | RegExp)[] } | undefined;
  if (!route || route.path === undefined) return UNMATCHED_ROUTE;
  const path = typeof route.path === 'string' ? route.path : String(route.path);
  return `${req.baseUrl ?? ''}${path}` || '/';
}
