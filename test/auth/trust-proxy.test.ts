import { startGateway, type Gateway } from '../helpers/gateway';

/** TRUST_PROXY decides which address the login limits count: the balancer's, or the client's. */

async function failLoginFrom(gw: Gateway, forwardedFor: string): Promise<unknown> {
  const res = await fetch(`${gw.url}/api/v1/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ userId: 'hq-admin', password: 'not-the-password' }),
  });
  expect(res.status).toBe(401);
  return gw.logs.filter((l) => l.obj.event === 'login-failed').at(-1)?.obj.address;
}

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, '::ffff:127.0.0.1|127.0.0.1'],
    ['loopback', '203.0.113.7'],
    ['1', '203.0.113.7'],
  ])('TRUST_PROXY=%s → the failed login is counted against %s', async (trust, expected) => {
    const gw = await startGateway({ env: trust ? { TRUST_PROXY: trust } : {} });
    try {
      expect(String(await failLoginFrom(gw, '203.0.113.7'))).toMatch(new RegExp(`^(${expected})$`));
    } finally {
      await gw.close();
    }
  });
});
