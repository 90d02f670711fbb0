import { startGateway, type Gateway } from '../helpers/gateway';

describe('printDemoTokens', () => {
  let app: Gateway;
  beforeAll(async () => {
    // No AUTH_* variable and no OCI_URL: demo mode, a secret generated at start-up.
    app = await startGateway();
    expect(app.config.auth.demo).toBe(true);
  });
  afterAll(() => app.close());

  test('when printed, then the system token, the executive token and the curl line work as printed', async () => {
    const out: string[] = [];
    // Through the composition root, which names the demo data, as npm start prints them.
    await app.printDemoTokens((l) => out.push(l));
    const text = out.join('\n');
    const curl = /curl -s -H 'Authorization: Bearer ([^']+)' '([^']+)'/.exec(text);
    expect(curl).not.toBeNull();
    const [, userToken, url] = curl!;
    expect(url).toMatch(/\/api\/v1\/tenants\/[^/]+\/groups\/[^/]+\/users\/[^/]+\/services\/executive\/alerting\/$/);
    expect((await fetch(url, { headers: { authorization: `Bearer ${userToken}` } })).status).toBe(200);
    // The end-user token reaches only its own user.
    const other = url.replace(/\/users\/[^/]+\//, `/users/${encodeURIComponent('exec2@acme.example.com')}/`);
    expect((await fetch(other, { headers: { authorization: `Bearer ${userToken}` } })).status).toBe(403);
    const systemToken = /System token:\n\s+(\S+)/.exec(text)![1];
    expect((await fetch(other, { headers: { authorization: `Bearer ${systemToken}` } })).status).toBe(200);
  });
});
