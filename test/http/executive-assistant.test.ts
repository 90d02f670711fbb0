import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';
import type { ValidationProblem } from '../helpers/http';

interface ExecutiveUser {
  userId: string;
  optInStatus: boolean;
  optInAllowed: boolean;
  [key: string]: unknown;
}
interface EaAnswer {
  enableDivert: boolean;
  divertTo: string | null;
  executiveUsers: ExecutiveUser[];
}

let gw: Gateway;
const EXEC1 = 'exec1@acme.example.com';
const EXEC2 = 'exec2@acme.example.com';
const ASST1 = userBase('acme-ent', 'acme-hq', 'asst1@acme.example.com') + 'services/executive_assistant/executives/';
const ASST2 =
  userBase('acme-ent', 'acme-branch', 'asst2@acme.example.com') + 'services/executive_assistant/executives/';
const EXEC1_ASSISTANTS = userBase('acme-ent', 'acme-hq', EXEC1) + 'services/executive/assistants/';

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => gw.close());
beforeEach(async () => {
  gw.sim.reset();
  await call(gw, 'GET', ASST1); // warm membership: each request below is then its own documents only
  await call(gw, 'GET', ASST2);
  gw.sim.clearRequestLog();
});

const documents = () => gw.sim.requestLog().map((e) => e.commandTypes);
const ids = (body: EaAnswer) => body.executiveUsers.map((e) => [e.userId, e.optInStatus, e.optInAllowed]);

describe('GET services/executive_assistant/executives/', () => {
  it('answers divert settings and the executives with user summaries, opt-in and whether opt-in is allowed', async () => {
    const res = await call<EaAnswer>(gw, 'GET', ASST1);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^"/);
    expect(res.json).toEqual({
      enableDivert: true,
      divertTo: '+3223661299',
      executiveUsers: [
        expect.objectContaining({ userId: EXEC1, phoneNumber: '+3223661200', optInStatus: true, optInAllowed: true }),
        expect.objectContaining({ userId: EXEC2, optInStatus: true, optInAllowed: false }),
      ],
    });
    expect(Object.keys(res.json.executiveUsers[0]).sort()).toEqual(
      [
        'department',
        'emailAddress',
        'extension',
        'firstName',
        'lastName',
        'optInAllowed',
        'optInStatus',
        'phoneNumber',
        'userId',
      ].sort(),
    );
    expect(documents()).toEqual([['UserExecutiveAssistantGetRequest']]);
  });

  it('an assistant with no number: divertTo null, empty list; trailing slash optional', async () => {
    const res = await call(
      gw,
      'GET',
      userBase('acme-ent', 'acme-branch', 'asst3@acme.example.com') + 'services/executive_assistant/executives',
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ enableDivert: false, divertTo: null, executiveUsers: [] });
  });

  it('404 service-not-assigned for a user without Executive-Assistant: the membership document asks, no assistant command is sent', async () => {
    const res = await call(
      gw,
      'GET',
      userBase('acme-ent', 'acme-hq', EXEC1) + 'services/executive_assistant/executives/',
    );
    expect(res.status).toBe(404);
    expect(res.json.type).toMatch(/service-not-assigned$/);
    expect(documents()).toEqual([['UserGetRequest23V2', 'UserServiceIsAssignedRequest']]);
    expect(gw.sim.requestLog()[0].xml).toContain('<serviceName>Executive-Assistant</serviceName>');
  });
});

describe('PUT services/executive_assistant/executives/', () => {
  it('writes then re-reads in one document after the read-first check, answers the fresh state; the executive side agrees', async () => {
    const res = await call<EaAnswer>(gw, 'PUT', ASST2, {
      body: { enableDivert: true, divertTo: '+3223661277', executiveUsers: [{ userId: EXEC1, optInStatus: true }] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ enableDivert: true, divertTo: '+3223661277' });
    expect(ids(res.json)).toEqual([[EXEC1, true, true]]);
    expect(documents()).toEqual([
      ['UserExecutiveAssistantGetRequest'],
      ['UserExecutiveAssistantModifyRequest', 'UserExecutiveAssistantGetRequest'],
    ]);
    const exec = await call<{ assistantUsers: { userId: string }[] }>(gw, 'GET', EXEC1_ASSISTANTS);
    expect(exec.json.assistantUsers.find((a) => a.userId === 'asst2@acme.example.com')).toBeDefined();
    gw.sim.clearRequestLog();
    expect((await call<EaAnswer>(gw, 'GET', ASST2)).json).toEqual(res.json);
  });

  it('divertTo null clears the number (with divert off); absent keys are unchanged', async () => {
    const res = await call<EaAnswer>(gw, 'PUT', ASST2, { body: { divertTo: null } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ enableDivert: false, divertTo: null });
    expect(ids(res.json)).toEqual([[EXEC1, false, true]]);
    expect(gw.sim.requestLog()[1].xml).toMatch(/<divertToPhoneNumber xsi:nil="true"\/>/);
  });

  it('re-sending the current opt-in of an executive that does not allow opt-in/out is accepted', async () => {
    const res = await call<EaAnswer>(gw, 'PUT', ASST1, {
      body: { executiveUsers: [{ userId: EXEC2, optInStatus: true }] },
    });
    expect(res.status).toBe(200);
    expect(ids(res.json)).toEqual([
      [EXEC1, true, true],
      [EXEC2, true, false],
    ]);
  });
});

describe('PUT 400 cases: nothing written', () => {
  const put = (body: unknown, path = ASST1) => call<ValidationProblem>(gw, 'PUT', path, { body });
  const writes = () =>
    documents()
      .flat()
      .filter((t) => t === 'UserExecutiveAssistantModifyRequest').length;

  it.each([
    ['an unknown key', { enableDivert: true, divert: '+3223661277' }, '/divert'],
    [
      'an unknown key in an item',
      { executiveUsers: [{ userId: EXEC1, optInStatus: true, optIn: true }] },
      '/executiveUsers/0/optIn',
    ],
    ['an item without optInStatus', { executiveUsers: [{ userId: EXEC1 }] }, '/executiveUsers/0/optInStatus'],
    ['an item without userId', { executiveUsers: [{ optInStatus: true }] }, '/executiveUsers/0/userId'],
    [
      'a non-boolean optInStatus',
      { executiveUsers: [{ userId: EXEC1, optInStatus: 'yes' }] },
      '/executiveUsers/0/optInStatus',
    ],
    ['a non-boolean enableDivert', { enableDivert: 'true' }, '/enableDivert'],
    ['an empty divertTo', { divertTo: '' }, '/divertTo'],
    ['a divertTo over 161 characters', { divertTo: '1'.repeat(162) }, '/divertTo'],
    ['executiveUsers not a list', { executiveUsers: { userId: EXEC1, optInStatus: true } }, '/executiveUsers'],
    [
      'an executive listed twice',
      {
        executiveUsers: [
          { userId: EXEC1, optInStatus: true },
          { userId: EXEC1, optInStatus: false },
        ],
      },
      '/executiveUsers',
    ],
  ])('%s → 400 before anything is sent', async (_what, body, pointer) => {
    const res = await put(body);
    expect(res.status).toBe(400);
    expect(res.json.type).toMatch(/validation-error$/);
    expect(res.json.errors.map((e) => e.pointer)).toContain(pointer);
    expect(documents()).toEqual([]);
  });

  it('an executive this assistant does not assist → 400 naming it, only the check read sent', async () => {
    const res = await put({
      executiveUsers: [
        { userId: EXEC1, optInStatus: false },
        { userId: 'exec3@beta.example.com', optInStatus: true },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.json.type).toMatch(/refused-by-state$/);
    expect(res.json.detail).toContain('exec3@beta.example.com is not an executive of this assistant');
    expect(res.json.errors).toEqual([
      { pointer: '/executiveUsers/1/userId', message: 'exec3@beta.example.com is not an executive of this assistant' },
    ]);
    expect(documents()).toEqual([['UserExecutiveAssistantGetRequest']]);
    expect(writes()).toBe(0);
  });

  it('an opt-in change where the executive does not allow opt-in/out → 400 naming it, nothing written', async () => {
    const res = await put({ enableDivert: false, executiveUsers: [{ userId: EXEC2, optInStatus: false }] });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      { pointer: '/executiveUsers/0/optInStatus', message: `${EXEC2} does not allow its assistants to opt in or out` },
    ]);
    expect(writes()).toBe(0);
    expect((await call<EaAnswer>(gw, 'GET', ASST1)).json.enableDivert).toBe(true);
  });

  it('a change BroadWorks refuses (divert on without a number) → 400 rejected-by-backend, state unchanged', async () => {
    const res = await put({ enableDivert: true, divertTo: null }, ASST2);
    expect(res.status).toBe(400);
    expect(res.json.type).toMatch(/rejected-by-backend$/);
    expect((await call<EaAnswer>(gw, 'GET', ASST2)).json.divertTo).toBe('+3223661288');
  });
});

describe('ETag, If-Match, Idempotency-Key', () => {
  it('If-Match with the current ETag writes; a stale one is 412 with nothing written', async () => {
    const etag = (await call(gw, 'GET', ASST1)).headers.get('etag')!;
    const ok = await call(gw, 'PUT', ASST1, { body: { enableDivert: false }, headers: { 'if-match': etag } });
    expect(ok.status).toBe(200);
    gw.sim.clearRequestLog();
    const stale = await call(gw, 'PUT', ASST1, { body: { enableDivert: true }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(documents().flat()).not.toContain('UserExecutiveAssistantModifyRequest');
  });

  it('a repeated Idempotency-Key replays the answer without a second write', async () => {
    const headers = { 'idempotency-key': 'ea-put-1' };
    const body = { executiveUsers: [{ userId: EXEC1, optInStatus: false }] };
    const first = await call(gw, 'PUT', ASST1, { body, headers });
    const again = await call(gw, 'PUT', ASST1, { body, headers });
    expect(again.status).toBe(first.status);
    expect(again.json).toEqual(first.json);
    expect(
      documents()
        .flat()
        .filter((t) => t === 'UserExecutiveAssistantModifyRequest'),
    ).toHaveLength(1);
  });
});
