import type { Express } from 'express';
import { createApp } from './app';
import type { Config } from './config';
import { createCoordination, type Coordination } from './coordination';
import { printDemoTokens, type Auth } from './http/auth';
import type { ResourceMapping } from './mapping/types';
import { createOciClient, type OciClient, type OciClientOptions } from './oci/client';
import type { Logger } from './observability/logger';
import { createMetrics, type GatewayMetrics } from './observability/metrics';
import { combineObservers, createOciLogObserver } from './observability/oci-log-observer';
import { fixturePath } from './simulator/paths';

export interface ComposeOptions {
  config: Config;
  logger: Logger;
  /** Prometheus metrics on a registry of their own (default true); tests that don't look at them pass false. */
  metrics?: boolean;
  /** The backends when known only at run time (the built-in simulator's URL); default config.oci.urls. */
  ociUrls?: string[];
  /** What tests set on the OCI client beyond the config: login mode, readiness window and its clock. */
  oci?: Pick<OciClientOptions, 'login' | 'readyWindowMs' | 'readinessNow'>;
  /** Stores shared with other replicas, made by the caller (who closes them); default from the config. */
  coordination?: Coordination;
  /** Default: the Executive mappings. */
  mappings?: ResourceMapping[];
  /** The app's clock (tokens, login limits, rate limit, idempotency TTL); default Date.now. */
  now?: () => number;
}

export interface ComposedGateway {
  oci: OciClient;
  metrics?: GatewayMetrics;
  coordination: Coordination;
  app: Express;
  auth: Auth;
  /** Demo mode: the tokens and curl lines for demo-data.json, for a gateway listening on `baseUrl`. */
  printDemoTokens(write: (line: string) => void, baseUrl: string): Promise<void>;
  /** Logs out of the OCI backends, then closes the coordination it made (not one it was given). */
  close(): Promise<void>;
}

/**
 * The composition root: from the config, the OCI client with its observers, the metrics bound to
 * it and to the coordination, the coordination (Redis when REDIS_URL is set, else in-process) and
 * the app with its authentication. main.ts, the test helpers and the bench programs all build the
 * gateway here, so they run the same wiring. The OCI client is started (logged in) on return.
 */
export async function composeGateway(opts: ComposeOptions): Promise<ComposedGateway> {
  const { config, logger } = opts;
  const metrics = opts.metrics === false ? undefined : createMetrics();
  const logObserver = createOciLogObserver(logger);
  const oci = createOciClient({
    ...config.oci,
    urls: opts.ociUrls ?? config.oci.urls,
    ...opts.oci,
    logger,
    observer: metrics ? combineObservers(metrics.ociObserver, logObserver) : combineObservers(logObserver),
  });
  metrics?.bindOciStats(() => oci.stats());
  await oci.start();

  // REDIS_URL: write lock, idempotency records and counters shared by the fleet; else in-process.
  const coordination =
    opts.coordination ??
    createCoordination({
      redisUrl: config.redis?.url,
      redisPassword: config.redis?.password,
      redisTimeoutMs: config.redis?.timeoutMs ?? 0,
      ociTimeoutMs: config.oci.timeoutMs,
      idempotencyTtlMs: config.idempotencyTtlSeconds * 1000,
      rateLimitRps: config.rateLimitRps,
      logger,
      now: opts.now,
    });
  metrics?.bindCoordination(() => coordination.status().degraded);

  const { app, auth } = createApp({
    config,
    oci,
    logger,
    metrics,
    coordination,
    mappings: opts.mappings,
    now: opts.now,
  });
  return {
    oci,
    metrics,
    coordination,
    app,
    auth,
    // Demo mode runs on the built-in simulator's data: its file is named here, not in src/http.
    printDemoTokens: (write, baseUrl) =>
      printDemoTokens(auth, write, { baseUrl, dataFile: fixturePath('demo-data.json') }),
    async close() {
      await oci.close();
      if (!opts.coordination) await coordination.close();
    },
  };
}
