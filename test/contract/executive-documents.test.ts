import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { SENT_DOCUMENTS_CHANNEL, type SentDocumentMessage } from '../../src/oci/transport';
import { call, startGateway, type Gateway } from '../helpers/gateway';
import { demoCreateCriteria } from '../../mappings/executive/shared';

/**
 * The exact OCI documents the README's Executive calls send, in its order, on the simulator with
 * the demo data: a refactoring of the request path, the mapping engine or the OCI client must
 * send the same commands with the same values (the membership check included) and answer with
 * the same status. The contract suite checks that answers match the schemas and that writes
 * round-trip; this pins what goes over the wire. After an intended change of the documents,
 * `npx jest test/contract/executive-documents.test.ts -u` re-takes the snapshot (review the diff).
 */

const EXEC = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1@acme.example.com/services/executive';
const ASSISTANT = '/api/v1/tenants/acme-ent/groups/acme-hq/users/asst1@acme.example.com/services/executive_assistant';

/** The README's "The API" calls, in its order; `asAssistant`: with asst1's user token (delegation). */
const README_CALLS: { method: string; path: string; body?: unknown; asAssistant?: boolean }[] = [
  { method: 'GET', path: `${EXEC}/available_assistants/?sameGroupOnly=false` },
  { method: 'GET', path: `${EXEC}/assistants/` },
  {
    method: 'PUT',
    path: `${EXEC}/assistants/`,
    body: { allowOptInOut: true, assistantUserIds: ['asst1@acme.example.com', 'asst3@acme.example.com'] },
  },
  { method: 'GET', path: `${EXEC}/filtering/` },
  {
    method: 'PUT',
    path: `${EXEC}/filtering/`,
    body: { enabled: true, mode: 'Advanced', type: 'All Calls', criteria: [{ name: 'VIP callers', active: false }] },
  },
  { method: 'GET', path: `${EXEC}/screening/` },
  {
    method: 'PUT',
    path: `${EXEC}/screening/`,
    body: { enabled: true, alertType: 'Ring Splash', alertMobilityLocation: true },
  },
  { method: 'GET', path: `${EXEC}/alerting/` },
  {
    method: 'PUT',
    path: `${EXEC}/alerting/`,
    body: {
      mode: 'Sequential',
      nextAssistantAfter: 5,
      rolloverEnabled: true,
      rolloverWaitTime: 30,
      rolloverAction: 'Forward',
      rolloverForwardTo: '+3223661285',
    },
  },
  {
    method: 'POST',
    path: `${EXEC}/criteria/`,
    body: demoCreateCriteria,
  },
  { method: 'GET', path: `${EXEC}/criteria/Board%20members/` },
  {
    method: 'PUT',
    path: `${EXEC}/criteria/Board%20members/`,
    body: { name: 'Board', holidaySchedule: { level: 'Tenant', name: 'Public holidays', type: 'Holiday' } },
  },
  { method: 'DELETE', path: `${EXEC}/criteria/Board/` },
  { method: 'GET', path: `${ASSISTANT}/executives/` },
  {
    method: 'PUT',
    path: `${ASSISTANT}/executives/`,
    body: {
      enableDivert: false,
      divertTo: '+3223661277',
      executiveUsers: [{ userId: 'exec1@acme.example.com', optInStatus: true }],
    },
  },
  { method: 'GET', path: `${EXEC}/filtering/`, asAssistant: true },
];

/** What differs between runs by design (session id, request id in `echo`), and the XML declaration. */
const normalise = (xml: string) =>
  xml
    .replace(/^<\?xml[^>]*\?>\s*/, '')
    .replace(/(<sessionId\b[^>]*>)[^<]*(<\/sessionId>)/g, '$1SESSION$2')
    .replace(/ echo="[^"]*"/g, ' echo="ECHO"');

let gw: Gateway;
const sent: string[] = [];
const record = (message: unknown) => sent.push(normalise((message as SentDocumentMessage).xml));

beforeAll(async () => {
  gw = await startGateway({ env: { LOG_LEVEL: 'silent' } });
  subscribe(SENT_DOCUMENTS_CHANNEL, record);
});
afterAll(async () => {
  unsubscribe(SENT_DOCUMENTS_CHANNEL, record);
  await gw.close();
});

it("the README's Executive calls send exactly the recorded OCI documents and answer with the recorded status", async () => {
  const asst1 = 'asst1@acme.example.com';
  const assistantToken = await gw.token({
    sub: asst1,
    level: 'user',
    tenantId: 'acme-ent',
    groupId: 'acme-hq',
    userId: asst1,
  });
  const calls = [];
  for (const c of README_CALLS) {
    const from = sent.length;
    const res = await call(gw, c.method, c.path, {
      body: c.body,
      ...(c.asAssistant ? { token: assistantToken } : {}),
    });
    calls.push({
      request: `${c.method} ${c.path}${c.asAssistant ? ' (asst1 for its executive)' : ''}`,
      status: res.status,
      documents: sent.slice(from),
    });
  }
  expect(calls).toMatchSnapshot();
});
