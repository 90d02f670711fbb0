import express, { type Router } from 'express';
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
 */
export function createHealthRouter(readiness: () => Readiness | Promise<Readiness>): Router {
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
    if (state.ready) {
      res.json({ status: 'ready' });
      return;
    }
    sendProblem(res, 'not-ready', { detail: state.reason ?? 'not ready' });
  });
  return router;
}
