import express, { type Express } from 'express';

export interface AppDeps {
  /** Mounted under the root: REST routes, docs, metrics… added as the gateway grows. */
  routers?: express.Router[];
}

/** Builds the express app from its dependencies, so tests can build the same app. */
export function createApp(deps: AppDeps = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  for (const r of deps.routers ?? []) app.use(r);
  return app;
}
