import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { serviceMappings } from '../mappings';
import type { Config } from './config';
import { createProcessCoordination, type Coordination } from './coordination';
import { createApiRouter } from './http/api-router';
import { createAuth, type Auth } from './http/auth';
import { insecureCookieWarning } from './http/auth/cookie-session';
import { compose } from './http/compose';
import { createDocsRouter } from './http/docs-page';
import { createEdge, createRateLimiter } from './http/edge';
import { createHealthRouter } from './http/health';
import { buildOpenApi } from './http/openapi';
import { createProblemHandler, notFoundHandler } from './http/problem';
import { requestLocals } from './http/request-locals';
import { RESOURCE_PREFIX } from './mapping/compile';
import type { ResourceMapping } from './mapping/types';
import type { OciClient } from './oci/client';
import { httpLogger } from './observability/http-logger';
import { unredacted } from './observability/logger';
import type { GatewayMetrics } from './observability/metrics';
import { requestId } from './observability/request-id';

/**
 * The documented API path (`/api/v1/tenants/…`, as written in the mappings) takes `lane`: one
 * express layer instead of walking the open routes, the edge, the login routes, the '/api'
 * mount and the API router one by one (fewer router layers in front of the API routes).
 * `lane` composes the same middleware in the same order. Every other path, including
 * the API path written in another case, takes `rest`, the layers as they always were.
 */
function splitAt(prefix: string, lane: RequestHandler, rest: RequestHandler): RequestHandler {
  return (req, res, next) => (req.path.startsWith(prefix) ? lane(req, res, next) : rest(req, res, next));
}

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
 * Builds the express app from its dependencies, so tests build exactly what main.ts runs.
 * Order matters: request id and metrics first (every line and every request counted), then
 * the open routes (health, docs, metrics, login), then authentication, rate limit and scope
 * in front of every other /api route.
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

  // Each group below is one express layer (compose): the same middleware, fewer router steps.
  app.use(compose(requestLocals(), requestId(), ...(metrics ? [metrics.httpMiddleware()] : []), httpLogger(logger)));

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
  const edge = compose(...createEdge(config));
  const guard = compose(
    auth.authenticate,
    createRateLimiter(config.rateLimitRps, { counter: coordination.rateLimit }),
    auth.requireScope,
  );
  const api = createApiRouter({
    executor: oci,
    mappings,
    membershipCacheMs: config.membershipCacheMs,
    logger,
    auditLogger: unredacted(logger),
    idempotency: coordination.idempotency,
    writeLock: coordination.writeLock,
  });

  // The layers in order: open routes, edge, login routes, then authentication, rate limit and
  // scope in front of every other /api route, then the API routes.
  const layers = express.Router();
  layers.use(...openRoutes);
  layers.use(edge);
  layers.use(auth.loginRouter);
  layers.use('/api', guard);
  layers.use(api);
  // The open and login routes serve nothing under RESOURCE_PREFIX: the lane leaves them out.
  app.use(splitAt(RESOURCE_PREFIX, compose(edge, guard, api), layers));

  app.use(notFoundHandler);
  app.use(createProblemHandler(logger));
  return { app, auth };
}
