import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../../config';
import { createCors } from './cors';
import { createJsonBody } from './json-body';

export { createRateLimiter, type RateLimiterOptions } from './rate-limit';

/**
 * Edge protection mounted before every route: security headers (helmet), CORS allow-list,
 * JSON body parsing with the size limit. The per-principal rate limiter is separate
 * (`createRateLimiter`) because it needs the principal, so it runs after `authenticate`.
 */
export function createEdge(config: Pick<Config, 'corsOrigins' | 'bodyLimitBytes'>): RequestHandler[] {
  return [helmet() as RequestHandler, createCors(config.corsOrigins), createJsonBody(config.bodyLimitBytes)];
}
