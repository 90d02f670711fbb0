import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { serviceMappings } from '../mappings';
import type { Config } from './config';
import { createProcessCoordination, type Coordination } from './coordination';
import { createApiRouter } from './http/api-router';
import { createAuth, type Auth } from './http/auth';
import { compose } from './http/compose';
import { createDocsRouter } from './http/docs-page';
import { createEdge, createRateLimiter } from './http/edge';
import { createHealthRouter } from './http/health';
import { buildOpenApi } from './http/openapi';
import { createProblemHandler, notFoundHandler } from './http/problem';
import type { ResourceMapping } from './mapping/types';
import type { OciClient } from './oci/client';
import { httpLogger } from './observability/http-logger';
import type { GatewayMetrics } from './observability/metrics';
import { requestId } from './observability/request-id';

/** Where every resource route lives (mappings' paths); nothing else does. */
const RESOURCE_PREFIX = '/api/v1/tenants/';

/**
 * Mounts routers that serve nothing under `prefix`: a request under it skips them all in one
 * step instead of walking each router's routes (issue 17: fewer layers in front of the API).
 */
function outside(prefix: string, ...routers: RequestHandler[]): RequestHandler {
  const chain = express.Router();
  chain.use(...routers);
  return (req, res, next) => (req.path.startsWith(prefix) ? next() : chain(req, res, next));
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
  app.use(compose(requestId(), ...(metrics ? [metrics.httpMiddleware()] : []), httpLogger(logger)));

  // The open routes serve nothing under /api/v1/tenants/: API requests pass them in one step.
  const openRoutes = [
    createHealthRouter(
      () => oci.checkReadiness(),
      () => coordination.status(),
    ),
    ...(metrics ? [metrics.route()] : []),
    createDocsRouter(buildOpenApi(mappings)),
  ];
  app.use(outside(RESOURCE_PREFIX, ...openRoutes));

  // delegation: the API router below decides whether an assistant may act for its executive.
  const auth = createAuth({
    config: config.auth,
    verifier: oci,
    executor: oci,
    logger,
    now: deps.now,
    loginFailures: coordination.loginFailures,
    revocations: coordination.revocations,
    delegation: true,
  });
  app.use(compose(...createEdge(config)));
  app.use(outside(RESOURCE_PREFIX, auth.loginRouter));
  app.use(
    '/api',
    compose(
      auth.authenticate,
      createRateLimiter(config.rateLimitRps, { counter: coordination.rateLimit }),
      auth.requireScope,
    ),
  );
  app.use(
    createApiRouter({
      executor: oci,
      mappings,
      membershipCacheMs: config.membershipCacheMs,
      logger,
      auditLogger: logger.child({}, { redact: [] }),
      idempotency: coordination.idempotency,
      writeLock: coordination.writeLock,
    }),
  );

  app.use(notFoundHandler);
  app.use(createProblemHandler(logger));
  return { app, auth };
}
