import express from 'express';
import helmet from 'helmet';
import { createDocsRouter, DOCS_CSP } from '../../src/http/docs-page';
import { listen } from './helpers/listen';
import { smallOpenApi } from './helpers/openapi-doc';

describe('API documentation pages', () => {
  let gw: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    const app = express();
    app.use(helmet()); // as in the gateway: the docs must still work under helmet's defaults
    app.use(createDocsRouter(smallOpenApi));
    app.get('/other', (_req, res) => res.send('x'));
    gw = await listen(app);
  });
  afterAll(() => gw.close());

  it('When /openapi.json is fetched without a token, then the document comes back', async () => {
    const res = await fetch(`${gw.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(smallOpenApi);
  });

  it('When /docs is opened, then it redirects to /docs/, served with its own CSP and no CDN', async () => {
    const redirect = await fetch(`${gw.url}/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(new URL(redirect.headers.get('location')!, `${gw.url}/docs`).pathname).toBe('/docs/');
    const page = await fetch(`${gw.url}/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(DOCS_CSP);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // every asset is local
    // Other pages keep helmet's policy.
    expect((await fetch(`${gw.url}/other`)).headers.get('content-security-policy')).not.toBe(DOCS_CSP);
  });

  it.each(['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-ui.css', 'swagger-ui-init.js'])(
    'When the page loads %s, then it is served locally',
    async (asset) => {
      const res = await fetch(`${gw.url}/docs/${asset}`);
      expect(res.status).toBe(200);
      expect((await res.text()).length).toBeGreaterThan(0);
    },
  );

  it('When the init script is served, then it embeds this document', async () => {
    const js = await (await fetch(`${gw.url}/docs/swagger-ui-init.js`)).text();
    expect(js).toContain(smallOpenApi.info.title);
  });
});
