import express, { type RequestHandler, type Router } from 'express';
import swaggerUi from 'swagger-ui-express';

// swagger-ui's page carries inline <style> blocks and style attributes and renders icons
// from data: URIs; scripts all come from /docs itself, so no inline script is allowed.
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const docsCsp: RequestHandler = (_req, res, next) => {
  // Replaces the global helmet policy for these pages only.
  res.setHeader('Content-Security-Policy', DOCS_CSP);
  next();
};

/**
 * GET /openapi.json and the interactive docs at /docs (swagger-ui, assets served from
 * node_modules, no CDN). Neither needs a token: the document describes, it grants nothing.
 */
export function createDocsRouter(openapi: object): Router {
  const router = express.Router();
  const body = JSON.stringify(openapi);
  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(body);
  });
  const [initScript, assets] = swaggerUi.serveFiles(openapi, {
    swaggerOptions: { docExpansion: 'list', deepLinking: true },
  });
  const page = swaggerUi.setup(openapi, {
    customSiteTitle: 'OCI REST gateway – API',
    swaggerOptions: { docExpansion: 'list' },
  });
  router.use('/docs', docsCsp, (req, res, next) => {
    // The page links its assets relatively ("./swagger-ui.css"): it must live at /docs/.
    if (req.originalUrl.split('?')[0] === '/docs') {
      res.redirect(301, 'docs/');
      return;
    }
    next();
  });
  router.get('/docs/', page);
  router.get('/docs/index.html', page);
  router.use('/docs', initScript, assets);
  return router;
}
