import { startSimulator, Simulator } from '../../src/simulator';
import type { OciResult } from '../../src/oci/command';
import { tableOf, textOf } from '../../src/oci/document';
import { loggedIn, SimSession } from './sim-client';

let sim: Simulator;
let s: SimSession;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true });
  s = await loggedIn(sim.url);
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const EXEC1 = 'exec1@acme.example.com';
const EXEC2 = 'exec2@acme.example.com';
const ASST1 = 'asst1@acme.example.com';
const ASST2 = 'asst2@acme.example.com';
const ASST3 = 'asst3@acme.example.com';

function body(r: OciResult) {
  if (r.kind !== 'data') throw new Error(`expected data, got ${JSON.stringify(r)}`);
  return r.body;
}
function errorText(r: OciResult): string {
  if (r.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.summaryEnglish;
}
const getAssistant = async (userId: string) => body(await s.one('UserExecutiveAssistantGetRequest', { userId }));
const executives = async (userId: string) =>
  tableOf(await getAssistant(userId), 'executiveTable').rows.map((r) => [
    r['User Id'],
    r['Assistant Opt-in Status'],
    r['Executive Allow Opt-in'],
  ]);
const optInOnExecutiveSide = async (exec: string, asst: string) =>
  tableOf(body(await s.one('UserExecutiveGetAssistantRequest', { userId: exec })), 'assistantUserTable').rows.find(
    (r) => r['User Id'] === asst,
  )?.['Opt-in'];

describe('UserExecutiveAssistantGetRequest', () => {
  test('divert settings and the executives table with the headings the XSD documents', async () => {
    const b = await getAssistant(ASST1);
    expect(textOf(b, 'enableDivert')).toBe('true');
    expect(textOf(b, 'divertToPhoneNumber')).toBe('+3223661299');
    const t = tableOf(b, 'executiveTable');
    expect(t.headings).toEqual([
      'User Id',
      'Last Name',
      'First Name',
      'Hiragana Last Name',
      'Hiragana First Name',
      'Phone Number',
      'Extension',
      'Department',
      'Email Address',
      'Assistant Opt-in Status',
      'Executive Allow Opt-in',
    ]);
    expect(
      t.rows.map((r) => [r['User Id'], r['Phone Number'], r['Assistant Opt-in Status'], r['Executive Allow Opt-in']]),
    ).toEqual([
      [EXEC1, '+32-23661200', 'true', 'true'],
      [EXEC2, '+32-23661201', 'true', 'false'],
    ]);
  });

  test('an assistant assigned to nobody, without settings: divert off, no number, empty table', async () => {
    const b = await getAssistant(ASST3);
    expect(textOf(b, 'enableDivert')).toBe('false');
    expect(textOf(b, 'divertToPhoneNumber')).toBeUndefined();
    expect(tableOf(b, 'executiveTable').rows).toEqual([]);
  });

  test('a user without Executive-Assistant gets 4410 naming the service; an unknown user 4008', async () => {
    expect(errorText(await s.one('UserExecutiveAssistantGetRequest', { userId: EXEC1 }))).toBe(
      '[Error 4410] Service is not assigned to this subscriber: Executive-Assistant',
    );
    expect(errorText(await s.one('UserExecutiveAssistantGetRequest', { userId: 'ghost@acme.example.com' }))).toBe(
      '[Error 4008] User not found: ghost@acme.example.com',
    );
  });
});

describe('consistency with the Executive side', () => {
  test('assigning an assistant on the executive adds the executive to the assistant table; removing takes it out', async () => {
    expect(await executives(ASST3)).toEqual([]);
    const add = await s.one('UserExecutiveModifyAssistantRequest', {
      userId: EXEC2,
      assistantUserIdList: { userId: [ASST1, ASST3] },
    });
    expect(add.kind).toBe('success');
    expect(await executives(ASST3)).toEqual([[EXEC2, 'true', 'false']]);
    await s.one('UserExecutiveModifyAssistantRequest', { userId: EXEC2, assistantUserIdList: null });
    expect(await executives(ASST3)).toEqual([]);
    expect(await executives(ASST1)).toEqual([[EXEC1, 'true', 'true']]);
  });

  test('allowOptInOut changed on the executive shows in the assistant table', async () => {
    await s.one('UserExecutiveModifyAssistantRequest', { userId: EXEC2, allowOptInOut: 'true' });
    expect(await executives(ASST1)).toEqual([
      [EXEC1, 'true', 'true'],
      [EXEC2, 'true', 'true'],
    ]);
  });

  test('an opt-in change by the assistant shows on both sides', async () => {
    const r = await s.one('UserExecutiveAssistantModifyRequest', {
      userId: ASST2,
      optInStatus: [{ executiveUserId: EXEC1, optIn: 'true' }],
    });
    expect(r.kind).toBe('success');
    expect(await executives(ASST2)).toEqual([[EXEC1, 'true', 'true']]);
    expect(await optInOnExecutiveSide(EXEC1, ASST2)).toBe('true');
  });
});

describe('UserExecutiveAssistantModifyRequest', () => {
  test('divert: enable, change the number, nil clears it (after disabling)', async () => {
    expect(
      (
        await s.one('UserExecutiveAssistantModifyRequest', {
          userId: ASST2,
          enableDivert: 'true',
          divertToPhoneNumber: '+3223661277',
        })
      ).kind,
    ).toBe('success');
    let b = await getAssistant(ASST2);
    expect([textOf(b, 'enableDivert'), textOf(b, 'divertToPhoneNumber')]).toEqual(['true', '+3223661277']);
    expect(
      (
        await s.one('UserExecutiveAssistantModifyRequest', {
          userId: ASST2,
          enableDivert: 'false',
          divertToPhoneNumber: null,
        })
      ).kind,
    ).toBe('success');
    b = await getAssistant(ASST2);
    expect([textOf(b, 'enableDivert'), textOf(b, 'divertToPhoneNumber')]).toEqual(['false', undefined]);
  });

  test('divert cannot be on without a number: refused, nothing changed', async () => {
    expect(
      errorText(await s.one('UserExecutiveAssistantModifyRequest', { userId: ASST1, divertToPhoneNumber: null })),
    ).toBe('[Error 4929] Divert cannot be enabled without a divert phone number');
    expect(textOf(await getAssistant(ASST1), 'divertToPhoneNumber')).toBe('+3223661299');
  });

  test('an opt-in change the executive does not allow is refused; re-sending the current value is not a change', async () => {
    expect(
      errorText(
        await s.one('UserExecutiveAssistantModifyRequest', {
          userId: ASST1,
          optInStatus: [{ executiveUserId: EXEC2, optIn: 'false' }],
        }),
      ),
    ).toBe(`[Error 4928] The executive does not allow assistants to opt in or out: ${EXEC2}`);
    const same = await s.one('UserExecutiveAssistantModifyRequest', {
      userId: ASST1,
      optInStatus: [{ executiveUserId: EXEC2, optIn: 'true' }],
    });
    expect(same.kind).toBe('success');
    expect(await executives(ASST1)).toEqual([
      [EXEC1, 'true', 'true'],
      [EXEC2, 'true', 'false'],
    ]);
  });

  test('every item is checked before anything changes: one bad item leaves divert and the other opt-ins as they were', async () => {
    const r = await s.one('UserExecutiveAssistantModifyRequest', {
      userId: ASST1,
      enableDivert: 'false',
      optInStatus: [
        { executiveUserId: EXEC1, optIn: 'false' },
        { executiveUserId: 'exec3@beta.example.com', optIn: 'true' },
      ],
    });
    expect(errorText(r)).toBe('[Error 4927] The assistant is not assigned to this executive: exec3@beta.example.com');
    expect(textOf(await getAssistant(ASST1), 'enableDivert')).toBe('true');
    expect(await optInOnExecutiveSide(EXEC1, ASST1)).toBe('true');
    expect(
      errorText(
        await s.one('UserExecutiveAssistantModifyRequest', {
          userId: ASST1,
          optInStatus: [{ executiveUserId: 'ghost@acme.example.com', optIn: 'true' }],
        }),
      ),
    ).toBe('[Error 4008] User not found: ghost@acme.example.com');
  });

  test('a user-level session of the assistant may run both on itself, not on another assistant', async () => {
    const own = await loggedIn(sim.url, ASST2, 'asst2-password');
    expect(
      (
        await own.one('UserExecutiveAssistantModifyRequest', {
          userId: ASST2,
          optInStatus: [{ executiveUserId: EXEC1, optIn: 'true' }],
        })
      ).kind,
    ).toBe('success');
    expect(errorText(await own.one('UserExecutiveAssistantGetRequest', { userId: ASST1 }))).toBe(
      '[Error 5404] Unauthorized transaction.',
    );
  });
});
