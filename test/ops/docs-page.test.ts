import { DOCS_CSP } from '../../src/http/docs-page';
import { startGateway, type Gateway } from '../helpers/gateway';
import { json } from '../helpers/http';
import { gatewayOpenApi } from './helpers/openapi-doc';

describe('API documentation pages of the whole gateway', () => {
  let gw: Gateway;
  const { doc } = gatewayOpenApi();

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('When /openapi.json is fetched without a token, then the document comes back', async () => {
    const res = await fetch(`${gw.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(await json<unknown>(res)).toEqual(JSON.parse(JSON.stringify(doc)));
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
    const other = (await fetch(`${gw.url}/api/v1/tenants/`)).headers.get('content-security-policy');
    expect(other).toContain("default-src 'self'");
    expect(other).not.toBe(DOCS_CSP);
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
    expect(js).toContain((doc as { info: { title: string } }).info.title);
  });
});

describe('the server /openapi.json names', () => {
  // What a proxy or a client could send to steer a document built from the request.
  const steering = { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'http', Forwarded: 'host=evil.example' };
  const serversOf = async (gw: Gateway) =>
    (await json<{ servers: unknown }>(await fetch(`${gw.url}/openapi.json`, { headers: steering }))).servers;

  it('When PUBLIC_URL is set, then it is the one server, whatever the request headers say', async () => {
    const gw = await startGateway({ env: { PUBLIC_URL: 'https://api.example.com/', TRUST_PROXY: 'true' } });
    try {
      expect(await serversOf(gw)).toEqual([{ url: 'https://api.example.com' }]);
    } finally {
      await gw.close();
    }
  });

  it('When PUBLIC_URL is not set, then the server is "/" (the origin the document came from), not a forwarded host', async () => {
    const gw = await startGateway({ env: { TRUST_PROXY: 'true' } });
    try {
      expect(await serversOf(gw)).toEqual([{ url: '/' }]);
    } finally {
      await gw.close();
    }
  });
});
