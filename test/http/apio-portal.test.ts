import { eventually } from '../helpers/eventually';
import { startGateway, userBase, type Gateway } from '../helpers/gateway';

/**
 * A portal written for Netaxis APIO shows `body.errors[0].message`, falling back to
 * `body.error` (as APIO's reference UI does). Against the gateway it must get a message that
 * says what went wrong, for each kind of failure, without knowing anything of problem+json.
 */

const EXEC1 = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';

/** What the portal shows for a failed call: its whole error handling. */
async function portalMessage(res: Response): Promise<string | undefined> {
  const body = (await res.json()) as { errors?: { message?: unknown }[]; error?: unknown };
  const message = body.errors?.[0]?.message ?? body.error;
  return typeof message === 'string' ? message : undefined;
}

describe('a portal written for APIO reads the gateway errors', () => {
  let gw: Gateway;
  let token: string;
  beforeAll(async () => {
    gw = await startGateway({ env: { OCI_TIMEOUT_MS: '500', OCI_BREAKER_RESET_MS: '200' } });
    token = await gw.token({ sub: 'acme-admin', level: 'tenant', tenantId: 'acme-ent' });
  });
  afterAll(async () => gw.close());

  const send = (method: string, path: string, body?: unknown, auth: string | null = token) =>
    fetch(gw.url + path, {
      method,
      headers: {
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const kinds: [string, () => Promise<Response>, RegExp][] = [
    [
      'a wrong password',
      () => send('POST', '/api/v1/login/', { userId: 'exec1@acme.example.com', password: 'wrong' }, null),
      /password is wrong/,
    ],
    ['no credentials', () => send('GET', EXEC1 + 'alerting/', undefined, null), /token is required/],
    [
      'invalid input',
      () => send('PUT', EXEC1 + 'alerting/', { nextAssistantAfter: 'soon', nope: 1 }),
      /expected number/,
    ],
    [
      'a resource out of reach',
      () => send('GET', userBase('beta-ent', 'beta-hq', 'exec3@beta.example.com') + 'services/executive/alerting/'),
      /does not reach this resource/,
    ],
    [
      'a service not assigned',
      () => send('GET', userBase('acme-ent', 'acme-hq', 'plain1@acme.example.com') + 'services/executive/screening/'),
      /not assigned/,
    ],
    ['an unknown path', () => send('GET', EXEC1 + 'no_such_service/'), /no resource at this path/],
    ['a method the path does not serve', () => send('DELETE', EXEC1 + 'alerting/'), /not served on this path/],
    [
      'a change BroadWorks refuses',
      () => send('PUT', EXEC1 + 'assistants/', { assistantUserIds: ['ghost@acme.example.com'] }),
      /BroadWorks refused the change/,
    ],
  ];

  test.each(kinds)('%s: the message says what happened', async (_kind, failing, meaning) => {
    const res = await failing();
    expect(res.status).toBeGreaterThanOrEqual(400);
    const message = await portalMessage(res);
    expect(message).toMatch(meaning);
  });

  test('an invalid field: the message is the field error, not the generic title', async () => {
    const message = await portalMessage(await send('PUT', EXEC1 + 'alerting/', { nextAssistantAfter: 'soon' }));
    expect(message).toBeDefined();
    expect(message).not.toBe('Invalid request');
  });

  test('BroadWorks refusing a read, then BroadWorks down: each message names BroadWorks', async () => {
    await gw.sim.setFaults({ errorRate: 1 });
    try {
      expect(await portalMessage(await send('GET', EXEC1 + 'alerting/'))).toMatch(/BroadWorks refused a read/);
    } finally {
      await gw.sim.setFaults({ errorRate: 0 });
    }
    await gw.sim.setFaults({ down: true });
    try {
      expect(await portalMessage(await send('GET', EXEC1 + 'alerting/'))).toMatch(/BroadWorks .*retry later/);
    } finally {
      await gw.sim.setFaults({ down: false });
    }
    await eventually(async () => (await send('GET', EXEC1 + 'alerting/')).status === 200, 'BroadWorks to serve again');
  });
});
