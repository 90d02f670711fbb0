import type { RequestHandler, Router } from 'express';
import express from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OciBreakerState, OciObserver } from '../oci/observer';
import type { OciClientStats } from '../oci/client';
import { requestContextOf } from './request-context';
import { routeTemplate } from './route-template';

export interface GatewayMetrics {
  readonly registry: Registry;
  /** Hooks for the OCI client (`createOciClient({ observer })`). */
  readonly ociObserver: OciObserver;
  /** Records every HTTP request by method, route template and status. Mount after requestId(). */
  httpMiddleware(): RequestHandler;
  /** GET /metrics in the Prometheus text format. */
  route(): Router;
  /** Pool gauges are read from this at scrape time. */
  bindOciStats(stats: () => OciClientStats): void;
  /** `coordination_degraded` is read from this at scrape time (1: Redis configured but unusable). */
  bindCoordination(degraded: () => boolean): void;
}

/** Gauge value for a breaker state: 0 closed, 1 half-open, 2 open. */
export function breakerStateValue(state: OciBreakerState): number {
  return state === 'open' ? 2 : state === 'half-open' ? 1 : 0;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const OCI_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Builds the gateway's Prometheus metrics on a registry of its own (with process metrics). */
export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let statsSource: (() => OciClientStats) | undefined;
  // Breaker states pushed by the observer; the scrape-time stats win when bound.
  const breakerStates = new Map<string, number>();

  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const ociCommands = new Counter({
    name: 'oci_commands_total',
    help: 'OCI commands sent, by command type and outcome of their document',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const ociCommandDuration = new Histogram({
    name: 'oci_command_duration_seconds',
    help: 'Round-trip time of the OCI document that carried the command, by command type',
    labelNames: ['command'] as const,
    buckets: OCI_BUCKETS,
    registers: [registry],
  });
  const ociDocuments = new Counter({
    name: 'oci_documents_total',
    help: 'OCI documents exchanged, by backend and outcome',
    labelNames: ['backend', 'outcome'] as const,
    registers: [registry],
  });
  const documentsPerRequest = new Histogram({
    name: 'oci_documents_per_request',
    help: 'OCI documents needed to serve one REST request',
    buckets: [0, 1, 2, 3, 4, 6, 8, 12, 16],
    registers: [registry],
  });
  const logins = new Counter({
    name: 'oci_logins_total',
    help: 'OCI session logins, by backend and result (ok, refused: credentials rejected, failed: anything else)',
    labelNames: ['backend', 'result'] as const,
    registers: [registry],
  });
  // Labelled children, looked up once per label set: prom-client hashes the label object on
  // every inc/observe otherwise. The label sets are few (routes × methods × statuses, commands).
  const children = <T>(make: (...labels: string[]) => T) => {
    const cache = new Map<string, T>();
    return (...labels: string[]): T => {
      const key = labels.join('\u0000');
      let child = cache.get(key);
      if (!child) cache.set(key, (child = make(...labels)));
      return child;
    };
  };
  const documentsBy = children((backend, outcome) => ociDocuments.labels({ backend, outcome }));
  const commandsBy = children((command, outcome) => ociCommands.labels({ command, outcome }));
  const commandDurationBy = children((command) => ociCommandDuration.labels({ command }));
  const httpChildren = new Map<
    string,
    { count: ReturnType<typeof httpRequests.labels>; duration: ReturnType<typeof httpDuration.labels> }
  >();
  const readStats = (): OciClientStats | undefined => {
    if (!statsSource) return undefined;
    try {
      return statsSource();
    } catch {
      return undefined; // a scrape must not fail because the client is closing
    }
  };
  const poolGauge = (name: string, help: string, pick: (b: OciClientStats['backends'][number]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['backend'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const b of readStats()?.backends ?? []) this.set({ backend: b.url }, pick(b));
      },
    });
  poolGauge('oci_sessions', 'OCI sessions logged in, per backend', (b) => b.sessions);
  poolGauge('oci_sessions_busy', 'OCI sessions carrying a document right now, per backend', (b) => b.busy);
  poolGauge('oci_requests_waiting', 'Requests queued for a free OCI session, per backend', (b) => b.waiting);
  new Gauge({
    name: 'oci_breaker_state',
    help: 'Circuit breaker per backend: 0 closed, 1 half-open, 2 open',
    labelNames: ['backend'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const stats = readStats();
      if (stats) for (const b of stats.backends) breakerStates.set(b.url, breakerStateValue(b.breaker));
      for (const [backend, value] of breakerStates) this.set({ backend }, value);
    },
  });

  let coordinationDegraded: (() => boolean) | undefined;
  new Gauge({
    name: 'coordination_degraded',
    help: '1 while REDIS_URL is set and Redis cannot be used (If-Match/Idempotency-Key writes answer 503, counters per replica), else 0',
    registers: [registry],
    collect() {
      this.set(coordinationDegraded?.() ? 1 : 0);
    },
  });

  const ociObserver: OciObserver = {
    onDocument(e) {
      documentsBy(e.backend, e.outcome).inc();
      const seconds = e.durationMs / 1000;
      for (const command of e.commandTypes) {
        commandsBy(command, e.outcome).inc();
        commandDurationBy(command).observe(seconds);
      }
    },
    onLogin(e) {
      logins.inc({ backend: e.backend, result: e.ok ? 'ok' : e.refused ? 'refused' : 'failed' });
    },
    onBreakerState(e) {
      breakerStates.set(e.backend, breakerStateValue(e.state));
    },
  };

  return {
    registry,
    ociObserver,
    bindOciStats(stats) {
      statsSource = stats;
    },
    bindCoordination(degraded) {
      coordinationDegraded = degraded;
    },
    httpMiddleware() {
      return (req, res, next) => {
        const start = process.hrtime.bigint();
        const ctx = requestContextOf(res);
        res.once('close', () => {
          const route = routeTemplate(req);
          // A client that hung up before the answer was complete shows as "aborted".
          const status = res.writableFinished ? String(res.statusCode) : 'aborted';
          const key = `${req.method} ${status} ${route}`;
          let http = httpChildren.get(key);
          if (!http) {
            const labels = { method: req.method, route, status };
            http = { count: httpRequests.labels(labels), duration: httpDuration.labels(labels) };
            httpChildren.set(key, http);
          }
          http.count.inc();
          http.duration.observe(Number(process.hrtime.bigint() - start) / 1e9);
          // API requests and whatever reached the OCI layer; probes and scrapes would drown the figure.
          const counts = (ctx !== undefined && ctx.documents > 0) || route.startsWith('/api/');
          if (ctx && counts) documentsPerRequest.observe(ctx.documents);
        });
        next();
      };
    },
    route() {
      const router = express.Router();
      router.get('/metrics', async (_req, res) => {
        res.setHeader('Content-Type', registry.contentType);
        res.setHeader('Cache-Control', 'no-store');
        res.send(await registry.metrics());
      });
      return router;
    },
  };
}
