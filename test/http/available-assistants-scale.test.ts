import { loadDemoData, type DemoData } from '../../src/simulator';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

const EXEC1 = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';
// With asst1 of the demo data: 5,000 available assistants in acme-hq, the most one call may return.
const EXTRA = 4999;

/** The demo data plus 4,999 Executive-Assistant users in the executive's group. */
function bigEnterprise(): DemoData {
  const d = loadDemoData();
  for (let i = 0; i < EXTRA; i++) {
    d.users.push({
      userId: `bulk${i}@acme.example.com`,
      password: 'bulk-password',
      firstName: `Bulk${i}`,
      lastName: 'Assistant',
      serviceProviderId: 'acme-ent',
      groupId: 'acme-hq',
      extension: String(10000 + i),
      email: `bulk${i}@acme.example.com`,
      services: ['Executive-Assistant'],
    });
  }
  return d;
}

let gw: Gateway;
let inGroup: number;
beforeAll(async () => {
  const data = bigEnterprise();
  inGroup = data.users.filter(
    (u) =>
      u.groupId === 'acme-hq' && u.services.includes('Executive-Assistant') && u.userId !== 'exec1@acme.example.com',
  ).length;
  gw = await startGateway({ simulator: { data } });
  await call(gw, 'GET', EXEC1 + 'screening/'); // warm membership
});
afterAll(async () => gw.close());
beforeEach(() => gw.sim.clearRequestLog());

interface Answer {
  users: { userId: string }[];
  truncated: boolean;
  errors?: { parameter?: string }[];
}
const get = async (query: string) => {
  const res = await call<Answer>(gw, 'GET', `${EXEC1}available_assistants/${query}`);
  return { status: res.status, json: res.json };
};

const sentLimit = () =>
  gw.sim
    .requestLog()
    .filter((e) => e.commandTypes[0] === 'UserExecutiveGetAvailableAssistantListRequest')
    .map((e) => /<responseSizeLimit>(\d+)<\/responseSizeLimit>/.exec(e.xml)?.[1]);

describe('available_assistants with 5,000 assistants in the group', () => {
  it('When no limit is given, then the default 1000 are returned, truncated: true, and BroadWorks was asked for 1001', async () => {
    expect(inGroup).toBe(5000);
    const res = await get('');
    expect(res.status).toBe(200);
    expect(res.json.users).toHaveLength(1000);
    expect(res.json.truncated).toBe(true);
    expect(sentLimit()).toEqual(['1001']);
  });

  it('When limit covers the whole list, then every user comes back and truncated is false', async () => {
    const res = await get(`?limit=${inGroup}`);
    expect(res.status).toBe(200);
    expect(res.json.users).toHaveLength(inGroup);
    expect(res.json.truncated).toBe(false);
    expect(new Set(res.json.users.map((u) => u.userId)).size).toBe(inGroup);
  });

  it('When limit is one short of the list, then it is cut and says so', async () => {
    const res = await get(`?limit=${inGroup - 1}`);
    expect(res.json.users).toHaveLength(inGroup - 1);
    expect(res.json.truncated).toBe(true);
  });

  it.each(['0', '5001', 'ten', '2.5'])('limit=%s → 400 naming the parameter, nothing sent', async (limit) => {
    const res = await get(`?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ parameter: 'limit' })]);
    expect(gw.sim.requestLog()).toEqual([]);
  });
});
