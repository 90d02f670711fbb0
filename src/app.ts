import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { executiveMappings } from '../mappings';
import type { Config } from './config';
import { createApiRouter } from './http/api-router';
import { createAuth, type Auth } from './http/auth';
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

export interface AppDeps {
  config: Config;
  /** The OCI client: executor for the REST routes, verifier for the login routes, readiness, stats. */
  oci: OciClient;
  logger: Logger;
  /** Absent in tests that don't look at metrics. */
  metrics?: GatewayMetrics;
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
  const mappings = deps.mappings ?? executiveMappings;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(requestId());
  if (metrics) app.use(metrics.httpMiddleware());
  app.use(httpLogger(logger));

  app.use(createHealthRouter(() => oci.checkReadiness()));
  if (metrics) app.use(metrics.route());
  app.use(createDocsRouter(buildOpenApi(mappings)));

  const auth = createAuth({ config: config.auth, verifier: oci, executor: oci, logger, now: deps.now });
  app.use(...createEdge(config));
  app.use(auth.loginRouter);
  app.use('/api', auth.authenticate, createRateLimiter(config.rateLimitRps, { now: deps.now }), auth.requireScope);
  app.use(
    createApiRouter({
      executor: oci,
      mappings,
      membershipCacheMs: config.membershipCacheMs,
      logger,
      idempotency: { ttlMs: config.idempotencyTtlSeconds * 1000, now: deps.now },
    }),
  );

  app.use(notFoundHandler);
  app.use(createProblemHandler(logger));
  return { app, auth };
}
