import { AssistantDelegation, DELEGATION_NEGATIVE_TTL_MS } from '../../src/mapping/delegation';
import { fakeExecutor, table } from './fake-backend';

// The executive's assistant table as BroadWorks answers it; the test changes it between calls.
let allowOptInOut = 'true';
let rows: string[][] = [];
const backend = fakeExecutor(() => ({
  data: 'UserExecutiveGetAssistantResponse',
  body: { allowOptInOut, assistantUserTable: table(['User Id', 'Opt-in'], rows) },
}));
const execute = backend.execute.bind(backend);

let clock = 1_000_000;
const now = () => clock;
const POSITIVE_MS = 60_000;

beforeEach(() => {
  allowOptInOut = 'true';
  rows = [];
  backend.documents.length = 0;
});

const ask = (d: AssistantDelegation, assistant = 'a@x') => d.allows(execute, 't', 'e@x', assistant, {});

test('listed and opted in → yes; listed, opted out → no; not listed → no', async () => {
  const d = new AssistantDelegation(POSITIVE_MS, now);
  rows = [
    ['a@x', 'true'],
    ['b@x', 'false'],
  ];
  expect(await ask(d, 'a@x')).toBe(true);
  expect(await ask(d, 'b@x')).toBe(false);
  expect(await ask(d, 'c@x')).toBe(false);
});

test('an executive that does not allow opt-in/out: every listed assistant counts as opted in', async () => {
  const d = new AssistantDelegation(POSITIVE_MS, now);
  allowOptInOut = 'false';
  rows = [['b@x', 'false']];
  expect(await ask(d, 'b@x')).toBe(true);
});

test('a "no" is believed for 10 s, a "yes" for the membership TTL; forget drops both at once', async () => {
  const d = new AssistantDelegation(POSITIVE_MS, now);
  expect(await ask(d)).toBe(false);
  rows = [['a@x', 'true']];
  clock += DELEGATION_NEGATIVE_TTL_MS - 1;
  expect(await ask(d)).toBe(false); // still the cached "no"
  clock += 1;
  expect(await ask(d)).toBe(true);
  expect(backend.documents).toHaveLength(2);
  rows = [];
  clock += POSITIVE_MS - 1;
  expect(await ask(d)).toBe(true); // still the cached "yes"
  d.forget('t', ['e@x']);
  expect(await ask(d)).toBe(false);
  expect(backend.documents).toHaveLength(3);
  expect(DELEGATION_NEGATIVE_TTL_MS).toBe(10_000);
});
