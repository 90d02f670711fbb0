import express, { type Router } from 'express';
import type { CoordinationStatus } from '../coordination/stores';
import { sendProblem } from './problem';

export interface Readiness {
  ready: boolean;
  reason?: string;
}

/**
 * GET /healthz: 200 while the process serves HTTP (liveness).
 * GET /readyz: 200 only when `readiness()` says the gateway can reach BroadWorks,
 * else 503 problem+json with the reason, so a balancer stops routing to this replica.
 * `readiness` may be async (e.g. the OCI client's checkReadiness(), which probes when stale).
 * The body also reports where coordination state lives and whether Redis is degraded.
 */
export function createHealthRouter(
  readiness: () => Readiness | Promise<Readiness>,
  coordination?: () => CoordinationStatus,
): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    let state: Readiness;
    try {
      state = await readiness();
    } catch (err) {
      state = { ready: false, reason: `readiness check failed: ${(err as Error).message}` };
    }
    // Redis trouble degrades (503 for If-Match/Idempotency-Key writes) but does not unready:
    // taking every replica out of the balancer would turn it into a full outage.
    const shared = coordination?.();
    if (state.ready) {
      res.json(shared ? { status: 'ready', coordination: shared } : { status: 'ready' });
      return;
    }
    sendProblem(res, 'not-ready', { detail: state.reason ?? 'not ready' });
  });
  return router;
}
