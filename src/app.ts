import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { serviceMappings } from '../mappings';
import type { Config } from './config';
import { createProcessCoordination, type Coordination } from './coordination';
import { createApiRouter } from './http/api-router';
import { createAuth, type Auth } from './http/auth';
import { insecureCookieWarning } from './http/auth/cookie-session';
import { createDocsRouter } from './http/docs-page';
import { createEdge, createRateLimiter } from './http/edge';
import { createHealthRouter } from './http/health';
import { buildOpenApi } from './http/openapi';
import { createProblemHandler, notFoundHandler } from './http/problem';
import type { ResourceMapping } from './mapping/types';
import type { OciClient } from './oci/client';
import { httpLogger } from './observability/http-logger';
import { unredacted } from './observability/logger';
import type { GatewayMetrics } from './observability/metrics';
import { requestId } from './observability/request-id';

export interface AppDeps {
  config: Config;
  /** The OCI client: executor for the REST routes, verifier for the login routes, readiness, stats. */
  oci: OciClient;
  logger: Logger;
  /** Absent in tests that don't look at metrics. */
  metrics?: GatewayMetrics;
  /**
   * Write lock, idempotency records, counters, logout denylist: in-process or shared through
   * Redis (main.ts picks by REDIS_URL). Default: in-process, from the config.
   */
  coordination?: Coordination;
  /** Default: the Executive mappings. Adding a service means adding mappings, nothing here. */
  mappings?: ResourceMapping[];
  /** Clock of token expiry, login limits, rate limit and idempotency TTL (default Date.now); tests inject one. */
  now?: () => number;
}

export interface App {
  app: Express;
  auth: Auth;
}

/**
 * Builds the express app from its dependencies (the composition root calls it, so tests build
 * exactly what main.ts runs). Order matters: request id, metrics and access log first (every
 * request counted and logged), then the open routes (health, metrics, docs), the edge (security
 * headers, no-store, CORS, JSON body), the API routes, each of whose chains starts with
 * authentication, rate limit and scope, the login routes, then the same guard for any other /api path.
 */
export function createApp(deps: AppDeps): App {
  const { config, oci, logger, metrics } = deps;
  const mappings = deps.mappings ?? serviceMappings;
  const coordination =
    deps.coordination ??
    createProcessCoordination({
      ociTimeoutMs: config.oci.timeoutMs,
      idempotencyTtlMs: config.idempotencyTtlSeconds * 1000,
      rateLimitRps: config.rateLimitRps,
      now: deps.now,
    });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Behind a balancer the client address (login and rate limits) comes from X-Forwarded-For.
  app.set('trust proxy', config.trustProxy);

  app.use(requestId(), ...(metrics ? [metrics.httpMiddleware()] : []), httpLogger(logger));

  const openRoutes = [
    createHealthRouter(
      () => oci.checkReadiness(),
      () => coordination.status(),
    ),
    ...(metrics ? [metrics.route()] : []),
    createDocsRouter(buildOpenApi(mappings, { publicUrl: config.publicUrl })),
  ];

  // delegation: the API router below decides whether an assistant may act for its executive.
  const auth = createAuth({
    config: config.auth,
    verifier: oci,
    executor: oci,
    logger,
    now: deps.now,
    loginFailures: coordination.loginFailures,
    revocations: coordination.revocations,
    loginSessions: coordination.loginSessions,
    cookieSessions: coordination.cookieSessions,
    publicUrl: config.publicUrl,
    corsOrigins: config.corsOrigins,
    delegation: true,
  });
  const cookieWarning = config.auth.jwtSecret ? insecureCookieWarning(config) : undefined;
  if (cookieWarning) logger.warn({ event: 'session-cookie-not-secure' }, cookieWarning);
  const api = createApiRouter({
    executor: oci,
    mappings,
    membershipCacheMs: config.membershipCacheMs,
    logger,
    auditLogger: unredacted(logger),
    idempotency: coordination.idempotency,
    writeLock: coordination.writeLock,
    guard: [
      auth.authenticate,
      createRateLimiter(config.rateLimitRps, { counter: coordination.rateLimit }),
      auth.requireScope,
    ],
  });

  app.use(...openRoutes);
  app.use(...createEdge(config));
  // The API routes before the login routes: the usual request meets the fewest layers on its way.
  app.use(api.routes, api.undecodablePath);
  app.use(auth.loginRouter);
  app.use('/api', ...api.otherApiPaths);
  app.use(notFoundHandler);
  app.use(createProblemHandler(logger));
  return { app, auth };
}
