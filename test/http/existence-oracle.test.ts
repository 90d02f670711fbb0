import type { Problem } from '../helpers/http';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

/**
 * No existence oracle: for a user id BroadWorks refuses or places elsewhere, a caller below
 * system gets one answer whether the id is unknown, in another tenant or group, or lacks the
 * service — same type, status and detail, no BroadWorks code, no field read from BroadWorks'
 * summary. System callers keep the code and the summary.
 */

const EXEC1 = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';

/** The parts of a problem that could tell one case from another (the request id aside). */
function answer(res: { status: number; json: Problem }) {
  const { instance: _instance, requestId: _requestId, ...rest } = res.json as Problem & Record<string, unknown>;
  return { httpStatus: res.status, ...rest };
}

describe('answers about user ids out of reach', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw.close());
  beforeEach(() => gw.sim.reset());

  const callers = {
    'a tenant admin': () => gw.token({ sub: 'acme-admin', level: 'tenant', tenantId: 'acme-ent' }),
    'a group admin': () => gw.token({ sub: 'hq-admin', level: 'group', tenantId: 'acme-ent', groupId: 'acme-hq' }),
    'the executive itself': () =>
      gw.token({
        sub: 'exec1@acme.example.com',
        level: 'user',
        tenantId: 'acme-ent',
        groupId: 'acme-hq',
        userId: 'exec1@acme.example.com',
      }),
  };
  // An id BroadWorks does not know, one of another tenant, one without the Executive-Assistant service.
  const assistantIds = ['ghost@acme.example.com', 'other1@gamma.example.com', 'exec2@acme.example.com'];

  test.each(Object.entries(callers))(
    'when %s puts assistant ids BroadWorks refuses, then one answer for all of them: no code, no pointer',
    async (_who, token) => {
      const answers = [];
      for (const id of assistantIds) {
        const res = await call<Problem>(gw, 'PUT', EXEC1 + 'assistants/', {
          body: { assistantUserIds: [id] },
          token: await token(),
        });
        expect(res.status).toBe(400);
        expect(res.json).not.toHaveProperty('ociError');
        // APIO's envelope carries the detail alone: no pointer, no BroadWorks details.
        expect(res.json.errors).toEqual([{ message: res.json.detail }]);
        expect(JSON.stringify(res.json)).not.toContain(id);
        answers.push(answer(res));
      }
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    },
  );

  test('when a system caller puts the same ids, then each answer keeps its BroadWorks code, summary and pointer', async () => {
    const codes = [];
    for (const id of assistantIds) {
      const res = await call<Problem>(gw, 'PUT', EXEC1 + 'assistants/', { body: { assistantUserIds: [id] } });
      expect(res.status).toBe(400);
      expect(res.json.ociError?.summary).toContain(id);
      expect(res.json.errors).toEqual([
        {
          pointer: '/assistantUserIds/0',
          message: 'refused by BroadWorks',
          details: { errors: [{ error_code: res.json.ociError?.code, summary: res.json.ociError?.summary }] },
        },
      ]);
      codes.push(res.json.ociError?.code);
    }
    expect(new Set(codes).size).toBe(3);
  });

  // Path users under the caller's own tenant and group that BroadWorks does not know or places elsewhere.
  const pathUsers = [
    ['an unknown user', userBase('acme-ent', 'acme-hq', 'ghost@acme.example.com')],
    ['a user of another group', userBase('acme-ent', 'acme-hq', 'asst2@acme.example.com')],
    ['a user of another tenant', userBase('acme-ent', 'acme-hq', 'other1@gamma.example.com')],
  ] as const;

  test.each(Object.entries(callers).slice(0, 2))(
    'when %s reads a path user BroadWorks does not place in the path, then one 404 for all, without a code',
    async (_who, token) => {
      const answers = [];
      for (const [, base] of pathUsers) {
        const res = await call<Problem>(gw, 'GET', base + 'services/executive/screening/', { token: await token() });
        expect(res.status).toBe(404);
        expect(res.json.type).toBe('https://oci-gateway.dev/problems/service-not-assigned');
        expect(res.json).not.toHaveProperty('ociError');
        answers.push(answer(res));
      }
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    },
  );

  test('when a system caller reads an unknown path user, then the 404 keeps BroadWorks code and summary', async () => {
    const res = await call<Problem>(gw, 'GET', pathUsers[0][1] + 'services/executive/screening/');
    expect(res.status).toBe(404);
    expect(res.json.ociError?.code).toBe(4008);
    expect(res.json.ociError?.summary).toContain('ghost@acme.example.com');
  });

  test('when the path user is in the path but lacks the service, then the documented 404 "service not assigned" stays', async () => {
    const res = await call<Problem>(
      gw,
      'GET',
      userBase('acme-ent', 'acme-hq', 'plain1@acme.example.com') + 'services/executive/screening/',
      {
        token: await callers['a tenant admin'](),
      },
    );
    expect(res.status).toBe(404);
    expect(res.json.type).toBe('https://oci-gateway.dev/problems/service-not-assigned');
    expect(res.json.detail).toBe('the Executive service is not assigned to the user');
  });
});
