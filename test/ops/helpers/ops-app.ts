import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { httpLogger } from '../../../src/observability/http-logger';
import type { GatewayMetrics } from '../../../src/observability/metrics';
import { requestId } from '../../../src/observability/request-id';
import type { OciObserver } from '../../../src/oci/observer';

/**
 * A small gateway-shaped app: request id, access log and metrics in front of a routed
 * sub-router whose handler "sends" OCI documents through the observer, as the OCI client does.
 */
export function opsApp(deps: { logger: Logger; metrics: GatewayMetrics; observer?: OciObserver }): Express {
  const app = express();
  app.use(requestId());
  app.use(httpLogger(deps.logger));
  app.use(deps.metrics.httpMiddleware());
  app.use(deps.metrics.route());
  const api = express.Router();
  api.get('/tenants/:tenantId/users/:userId', async (req, res) => {
    const documents = Number(req.query.documents ?? 1);
    for (let i = 0; i < documents; i++) {
      // An await between documents, like a real exchange, so the request context must survive it.
      await new Promise((r) => setImmediate(r));
      deps.observer?.onDocument?.({
        backend: 'http://bw.example/oci',
        commandTypes: ['UserGetRequest22', 'UserExecutiveGetRequest'],
        durationMs: 12,
        outcome: 'ok',
      });
    }
    deps.logger.info({ user: req.params.userId }, 'handler reached');
    res.json({ ok: true });
  });
  api.post('/login', express.json(), (req, res) => {
    deps.logger.info({ body: req.body }, 'login attempt');
    res.json({ accessToken: 'eyJ.secret.token' });
  });
  app.use('/api/v1', api);
  return app;
}
