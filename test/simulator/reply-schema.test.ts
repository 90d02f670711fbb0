import { startSimulator, Simulator } from '../../src/simulator';
import { validateDocuments } from '../helpers/xsd';
import { Cmd, loggedIn, SimSession } from './sim-client';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true });
});
afterAll(() => sim.close());

const EXEC1 = 'exec1@acme.example.com';

// One of each reply the simulator writes: success, error, every data response.
const COMMANDS: Cmd[] = [
  { type: 'UserExecutiveGetAssistantRequest', body: { userId: EXEC1 } },
  { type: 'UserExecutiveGetAvailableAssistantListRequest', body: { userId: EXEC1 } },
  { type: 'UserExecutiveGetFilteringRequest', body: { userId: EXEC1 } },
  { type: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21', body: { userId: EXEC1, criteriaName: 'VIP callers' } },
  { type: 'UserExecutiveGetScreeningAlertingRequest', body: { userId: EXEC1 } },
  { type: 'UserGetRequest23V2', body: { userId: 'exec2@acme.example.com' } },
  { type: 'UserGetRequest23V2', body: { userId: 'asst2@acme.example.com' } },
  { type: 'UserExecutiveAssistantGetRequest', body: { userId: 'asst1@acme.example.com' } },
  { type: 'UserExecutiveAssistantGetRequest', body: { userId: 'asst3@acme.example.com' } },
  { type: 'UserServiceIsAssignedRequest', body: { userId: EXEC1, serviceName: 'Executive' } },
  { type: 'ServiceProviderGetListRequest', body: {} },
  { type: 'UserDoNotDisturbGetRequest', body: { userId: 'plain1@acme.example.com' } },
  { type: 'VerifySessionIsValidRequest', body: {} },
  { type: 'UserExecutiveGetFilteringRequest', body: { userId: 'plain1@acme.example.com' } },
];

test('every reply document the simulator writes is valid against the R25 schema', async () => {
  const docs: { fileName: string; xml: string }[] = [];
  const s = new SimSession(sim.url);
  const auth = await s.send([{ type: 'AuthenticationRequest', body: { userId: 'admin' } }]);
  docs.push({ fileName: 'auth.xml', xml: auth.inner! });
  const l14 = await s.send([
    { type: 'LoginRequest14sp4', body: { userId: 'admin', plainTextPassword: 'admin-password' } },
  ]);
  docs.push({ fileName: 'login14sp4.xml', xml: l14.inner! });
  const reseller = await loggedIn(sim.url, 'reseller-admin', 'reseller-password');
  const l22 = await reseller.send([
    { type: 'LoginRequest22V5', body: { userId: 'hq-admin', password: 'hq-password' } },
  ]);
  docs.push({ fileName: 'login22v5.xml', xml: l22.inner! });
  const all = await s.send(COMMANDS);
  expect(all.results.map((r) => r.kind)).toEqual([...Array<string>(12).fill('data'), 'success', 'error']);
  docs.push({ fileName: 'commands.xml', xml: all.inner! });
  expect(await validateDocuments(docs)).toEqual([]);
});
