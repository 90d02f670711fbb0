import type { RequestHandler } from 'express';
import type { Config } from '../../config';
import { createCors } from './cors';
import { createJsonBody } from './json-body';
import { noStore } from './no-store';
import { securityHeaders } from './security-headers';

export { createRateLimiter, type RateLimiterOptions } from './rate-limit';

/**
 * Edge protection mounted before every route: security headers (helmet's, computed once), no-store,
 * CORS allow-list, JSON body parsing with the size and depth limits. The per-principal rate limiter is separate
 * (`createRateLimiter`) because it needs the principal, so it runs after `authenticate`.
 */
export function createEdge(config: Pick<Config, 'corsOrigins' | 'bodyLimitBytes'>): RequestHandler[] {
  return [securityHeaders(), noStore, createCors(config.corsOrigins), createJsonBody(config.bodyLimitBytes)];
}
