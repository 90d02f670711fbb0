import { kind, settingsResource } from '../../src/mapping/define';
import { loadDemoData } from '../../src/simulator/demo-data';
import { serviceMappings } from '../../mappings';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

/**
 * A service outside the catalogue is one mapping file and one registry line: this throw-away
 * mapping, registered here, is served end to end by the simulator (from the schema) with no
 * other change, once its user's data set names the service.
 */
const automaticHoldRetrieve = settingsResource({
  name: 'automatic-hold-retrieve',
  tag: 'Automatic Hold/Retrieve',
  service: 'Automatic Hold/Retrieve',
  path: 'services/automatic_hold_retrieve/',
  get: 'UserAutomaticHoldRetrieveGetRequest',
  modify: 'UserAutomaticHoldRetrieveModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
    recallTimer: { el: 'recallTimerSeconds', kind: kind.integer(6, 600) },
  },
  getOperation: { operationId: 'getAutomaticHoldRetrieve', summary: 'x', example: { active: false, recallTimer: 6 } },
  putOperation: {
    operationId: 'updateAutomaticHoldRetrieve',
    summary: 'x',
    requestExample: { active: true },
    responseExample: { active: true, recallTimer: 6 },
  },
});

/** A pair the simulator leaves out (its Get answers a table): what the gateway says when BroadWorks refuses. */
const selective = settingsResource({
  name: 'call-forwarding-selective',
  tag: 'x',
  path: 'services/call_forwarding_selective/',
  get: 'UserCallForwardingSelectiveGetRequest16',
  modify: 'UserCallForwardingSelectiveModifyRequest',
  fields: { active: { el: 'isActive', kind: kind.boolean } },
  getOperation: { operationId: 'getCallForwardingSelective', summary: 'x', example: {} },
  putOperation: { operationId: 'updateCallForwardingSelective', summary: 'x', requestExample: {}, responseExample: {} },
});

const PLAIN = 'plain1@acme.example.com';
const BASE = userBase('acme-ent', 'acme-hq', PLAIN) + 'services/';

describe('a new service from one mapping file and one registry line', () => {
  let gw: Gateway;
  beforeAll(async () => {
    const data = loadDemoData();
    data.users.find((u) => u.userId === PLAIN)!.services.push('Automatic Hold/Retrieve');
    gw = await startGateway({
      mappings: [...serviceMappings, automaticHoldRetrieve, selective],
      simulator: { data },
    });
  });
  afterAll(async () => gw.close());

  it('GET answers the schema defaults; a partial PUT changes one field and answers the re-read', async () => {
    const first = await call(gw, 'GET', BASE + 'automatic_hold_retrieve/');
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ active: false, recallTimer: 6 });
    const put = await call(gw, 'PUT', BASE + 'automatic_hold_retrieve/', { body: { recallTimer: 90 } });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ active: false, recallTimer: 90 });
    expect((await call(gw, 'GET', BASE + 'automatic_hold_retrieve/')).json).toEqual({ active: false, recallTimer: 90 });
  });

  it('a user without the service is 404', async () => {
    const res = await call(
      gw,
      'GET',
      userBase('acme-ent', 'acme-branch', 'asst3@acme.example.com') + 'services/automatic_hold_retrieve/',
    );
    expect(res.status).toBe(404);
  });

  it("BroadWorks' detail reaches the log line and system callers, never other callers", async () => {
    const system = await call(gw, 'GET', BASE + 'call_forwarding_selective/');
    expect(system.status).toBe(502);
    const { detail, ...ociError } = system.json.ociError ?? {};
    expect(ociError).toEqual({
      code: 4998,
      summary: '[Error 4998] Command not implemented by the simulator: UserCallForwardingSelectiveGetRequest16',
    });
    expect(detail).toMatch(/UserCallForwardingSelectiveGetRequest16 is valid R25/);
    const line = gw.logs.filter((l) => l.msg === 'BroadWorks refused a command').pop();
    expect((line?.obj.backend as { detail?: string }).detail).toMatch(/is valid R25/);
    const admin = await gw.token({ sub: 'acme-admin', level: 'tenant', tenantId: 'acme-ent' });
    const tenant = await call(gw, 'GET', BASE + 'call_forwarding_selective/', { token: admin });
    expect(tenant.json.ociError).toEqual({ code: 4998 });
  });
});
