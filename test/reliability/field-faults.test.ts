import { eventually } from '../helpers/eventually';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';
import type { Faults } from '../../src/simulator/types';

/**
 * What a real BroadWorks does and our happy simulator did not: link signals after a write ran,
 * server faults, whole documents refused, ISO-8859-1 named only in the XML declaration,
 * Warnings, prefixed ErrorResponse children, and readiness under transport failures. Each case
 * over real HTTP: status and problem type, how often the write reached the simulator (and the
 * secondary), and the state the simulator ends in. Times: bench/faults.mjs, never asserted here.
 */

const EXEC = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';
const EXEC2 = userBase('acme-ent', 'acme-hq', 'exec2@acme.example.com') + 'services/executive/';
const PROBLEM = 'https://oci-gateway.dev/problems/';
const MODIFY = 'UserExecutiveModifyScreeningAlertingRequest';
const READ = 'UserExecutiveGetScreeningAlertingRequest';
const FAST = { OCI_TIMEOUT_MS: '2000', OCI_BREAKER_RESET_MS: '60000' };

const sentCount = (gwSim: Gateway['sim'] | undefined, type: string) =>
  (gwSim?.requestLog() ?? []).filter((e) => e.commandTypes.includes(type)).length;
const ready = async (gw: Gateway) => (await fetch(gw.url + '/readyz')).status;

/** Screening as the simulator holds it now (faults off for the read). */
async function screeningEnabled(gw: Gateway): Promise<boolean> {
  const saved = await fetch(`${gw.sim.origin}/__simulator/faults`).then((r) => r.json() as Promise<Faults>);
  await gw.sim.setFaults({ faultAfterExecute: 'none', rejectDocumentCode: 0, warnCommand: '', replyEncoding: '' });
  const res = await call<{ enabled: boolean }>(gw, 'GET', EXEC + 'screening/');
  await gw.sim.setFaults(saved);
  expect(res.status).toBe(200);
  return res.json.enabled;
}

/** A gateway with a secondary simulator; membership of exec1 cached, sessions logged in, logs cleared. */
async function gatewayWithSecondary(): Promise<Gateway> {
  const gw = await startGateway({ env: FAST, secondary: {} });
  expect((await call(gw, 'GET', EXEC + 'screening/')).status).toBe(200);
  gw.sim.clearRequestLog();
  gw.sim2!.clearRequestLog();
  return gw;
}

describe('the XSP answers a write it ran (or forwarded) with a link signal', () => {
  let gw: Gateway;
  beforeEach(async () => (gw = await gatewayWithSecondary()));
  afterEach(async () => gw.close());

  it.each([
    ['no-ocs-connection', 'soap-fault'],
    ['invalid-request', 'soap-fault'],
    ['no-ocs-connection', 'error-response'],
    ['invalid-request', 'error-response'],
  ] as const)(
    'When %s arrives as %s after the write, then 502 outcome-unknown, the write was sent once and never to the secondary',
    async (faultAfterExecute, faultForm) => {
      const before = await screeningEnabled(gw);
      await gw.sim.setFaults({ faultAfterExecute, faultForm });
      const res = await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: !before } });
      expect(res.status).toBe(502);
      expect(res.json.type).toBe(PROBLEM + 'outcome-unknown');
      expect(sentCount(gw.sim, MODIFY)).toBe(1);
      expect(sentCount(gw.sim2, MODIFY)).toBe(0);
      // The simulator did run it: "unknown" was the honest answer.
      expect(await screeningEnabled(gw)).toBe(!before);
      const audit = gw.logs.filter((l) => l.msg === 'audit').pop()!.obj.audit as Record<string, unknown>;
      expect(audit.outcome).toBe('unknown');
    },
  );

  it('When a read gets NO_OCS_CONNECTION once, then the gateway logs in again, resends it once and answers 200', async () => {
    const logins = gw.sim.stats().logins;
    await gw.sim.setFaults({ faultAfterExecute: 'no-ocs-connection', faultOn: 'all', faultOnce: true });
    const res = await call(gw, 'GET', EXEC + 'alerting/');
    expect(res.status).toBe(200);
    expect(sentCount(gw.sim, READ)).toBe(2);
    expect(gw.sim.stats().logins).toBe(logins + 1);
    expect(sentCount(gw.sim2, READ)).toBe(0);
  });

  it('When the XSP has lost its server for good, then writes are 502 outcome-unknown (sent once, never to the secondary), reads fail over, and the breaker opens', async () => {
    const before = await screeningEnabled(gw);
    await gw.sim.setFaults({ faultAfterExecute: 'invalid-request', faultOn: 'all' });
    const write = await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: !before } });
    expect(write.status).toBe(502);
    expect(write.json.type).toBe(PROBLEM + 'outcome-unknown');
    expect(sentCount(gw.sim, MODIFY)).toBe(1);
    expect(sentCount(gw.sim2, MODIFY)).toBe(0);
    for (let i = 0; i < 5; i++) {
      const read = await call(gw, 'GET', EXEC + 'alerting/');
      expect(read.status).toBe(200);
    }
    expect(sentCount(gw.sim2, READ)).toBeGreaterThanOrEqual(1);
    // Link signals are transport failures (the write's, then each read's and its re-login's): the primary's breaker opened.
    expect(gw.oci.stats().backends[0].breaker).toBe('open');
  });
});

describe('other SOAP faults (a server exception)', () => {
  let gw: Gateway;
  beforeEach(async () => (gw = await gatewayWithSecondary()));
  afterEach(async () => gw.close());

  it('When a write is answered by a server fault, then 502 outcome-unknown, sent once, never to the secondary', async () => {
    const before = await screeningEnabled(gw);
    await gw.sim.setFaults({ faultAfterExecute: 'server-fault', faultOnce: true });
    const res = await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: !before } });
    expect(res.status).toBe(502);
    expect(res.json.type).toBe(PROBLEM + 'outcome-unknown');
    expect(sentCount(gw.sim, MODIFY)).toBe(1);
    expect(sentCount(gw.sim2, MODIFY)).toBe(0);
    expect(await screeningEnabled(gw)).toBe(!before);
  });

  it('When a read is answered by a server fault, then 502 backend-error, not resent, and the breaker stays closed', async () => {
    await gw.sim.setFaults({ faultAfterExecute: 'server-fault', faultOn: 'all' });
    for (let i = 0; i < 6; i++) {
      const res = await call(gw, 'GET', EXEC + 'alerting/');
      expect(res.status).toBe(502);
      expect(res.json.type).toBe(PROBLEM + 'backend-error');
      expect(res.json.ociError?.summary).toBe('java.lang.NullPointerException');
    }
    expect(sentCount(gw.sim, READ)).toBe(6);
    expect(sentCount(gw.sim2, READ)).toBe(0);
    expect(gw.oci.stats().backends[0].breaker).toBe('closed');
  });
});

describe('a whole document answered by one ErrorResponse', () => {
  let gw: Gateway;
  beforeEach(async () => (gw = await gatewayWithSecondary()));
  afterEach(async () => gw.close());

  it('When a write document is refused with 6004, then 500 document-rejected (nothing applied), logged at error with the detail', async () => {
    const before = await screeningEnabled(gw);
    await gw.sim.setFaults({ rejectDocumentCode: 6004 });
    const res = await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: !before } });
    expect(res.status).toBe(500);
    expect(res.json.type).toBe(PROBLEM + 'document-rejected');
    expect(res.json.detail).toMatch(/nothing was applied/);
    const { detail, ...ociError } = res.json.ociError ?? {};
    expect(ociError).toEqual({ code: 6004, summary: '[Error 6004] OCI XML Request validation error' });
    expect(detail).toMatch(/cvc-complex-type/); // BroadWorks' detail, for a system caller
    expect(sentCount(gw.sim, MODIFY)).toBe(1);
    expect(sentCount(gw.sim2, MODIFY)).toBe(0);
    expect(await screeningEnabled(gw)).toBe(before);
    const line = gw.logs.find((l) => l.msg === 'BroadWorks rejected a document the gateway built');
    expect(line?.level).toBe('error');
    expect((line?.obj.backend as { detail: string }).detail).toMatch(/cvc-complex-type/);
    const audit = gw.logs.filter((l) => l.msg === 'audit').pop()!.obj.audit as Record<string, unknown>;
    expect(audit.outcome).toBe('not-applied');
  });

  it('When a write document is refused with another code, then 502 outcome-unknown keeping code and summary; sent once', async () => {
    await gw.sim.setFaults({ rejectDocumentCode: 7001 });
    const res = await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: true } });
    expect(res.status).toBe(502);
    expect(res.json.type).toBe(PROBLEM + 'outcome-unknown');
    expect(res.json.ociError).toEqual({ code: 7001, summary: '[Error 7001] Injected document error' });
    expect(sentCount(gw.sim, MODIFY)).toBe(1);
    expect(sentCount(gw.sim2, MODIFY)).toBe(0);
  });

  it.each([
    [6004, 500, 'document-rejected'],
    [7001, 502, 'backend-error'],
  ])(
    'When a read document (the membership check) is refused with %i, then %i %s',
    async (rejectDocumentCode, status, type) => {
      await gw.sim.setFaults({ rejectDocumentCode, faultOn: 'all' });
      const res = await call(gw, 'GET', EXEC2 + 'alerting/');
      expect(res.status).toBe(status);
      expect(res.json.type).toBe(PROBLEM + type);
      expect(res.json.ociError?.code).toBe(rejectDocumentCode);
      expect(sentCount(gw.sim, 'UserGetRequest23V2')).toBe(1);
      expect(sentCount(gw.sim, READ)).toBe(0);
    },
  );
});

describe('replies as older or other servers write them', () => {
  let gw: Gateway;
  beforeAll(async () => (gw = await gatewayWithSecondary()));
  afterAll(async () => gw.close());
  afterEach(() => {
    gw.sim.reset();
    gw.sim.clearRequestLog();
  });

  it('When the reply is ISO-8859-1 named only by the envelope declaration with the Java label ISO8859_1, then non-ASCII text survives', async () => {
    await gw.sim.setFaults({ replyEncoding: 'ISO8859_1' });
    const name = 'Zoë Ñandú Façade';
    const put = await call(gw, 'PUT', EXEC + 'alerting/', { body: { cliCustomName: name } });
    expect(put.status).toBe(200);
    expect(put.json.cliCustomName).toBe(name);
    const get = await call(gw, 'GET', EXEC + 'alerting/');
    expect(get.json.cliCustomName).toBe(name);
  });

  it('When ErrorResponse children carry a prefix (<c:summary>), then code and summary are still read', async () => {
    await gw.sim.setFaults({ prefixErrorChildren: true, errorRate: 1 });
    const read = await call(gw, 'GET', EXEC + 'alerting/');
    expect(read.status).toBe(502);
    expect(read.json.ociError).toEqual({ code: 9999, summary: '[Error 9999] Injected error' });
    const write = await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: true } });
    expect(write.status).toBe(400);
    expect(write.json.type).toBe(PROBLEM + 'rejected-by-backend');
    expect(write.json.ociError).toEqual({ code: 9999, summary: '[Error 9999] Injected error' });
  });

  it('When a write is answered with a Warning and the re-read shows the values, then 200 (applied), sent once', async () => {
    const before = await screeningEnabled(gw);
    await gw.sim.setFaults({ warnCommand: MODIFY });
    const res = await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: !before } });
    expect(res.status).toBe(200);
    expect(res.json.enabled).toBe(!before);
    expect(sentCount(gw.sim, MODIFY)).toBe(1);
    expect(await screeningEnabled(gw)).toBe(!before);
  });

  it('When a write is answered with a Warning and the re-read does not show the values, then 502 outcome-unknown keeping the Warning code', async () => {
    const before = await screeningEnabled(gw);
    await gw.sim.setFaults({ warnCommand: MODIFY, warnApplies: false });
    const res = await call(gw, 'PUT', EXEC + 'screening/', { body: { enabled: !before } });
    expect(res.status).toBe(502);
    expect(res.json.type).toBe(PROBLEM + 'outcome-unknown');
    expect(res.json.ociError?.code).toBe(4600);
    expect(res.json.ociError?.summary).toMatch(/^\[Warning 4600\]/);
    expect(sentCount(gw.sim, MODIFY)).toBe(1);
    expect(sentCount(gw.sim2, MODIFY)).toBe(0);
    expect(await screeningEnabled(gw)).toBe(before);
  });
});

describe('readiness under transport failures, breaker still closed', () => {
  let gw: Gateway;
  beforeEach(async () => {
    // A frozen readiness clock: the last success stays "younger than 5 s", so only the failures decide.
    gw = await startGateway({ env: FAST, readinessNow: () => 0 });
    expect((await call(gw, 'GET', EXEC + 'alerting/')).status).toBe(200);
    expect(await ready(gw)).toBe(200);
  });
  afterEach(async () => {
    await gw.sim.setFaults({ down: false });
    await gw.close();
  });

  it('When connections are refused, then one failure keeps /readyz 200, three in a row make it 503, and the next success brings it back', async () => {
    await gw.sim.setFaults({ down: true });
    expect((await call(gw, 'GET', EXEC + 'alerting/')).status).toBe(503);
    expect(await ready(gw)).toBe(200);
    for (let i = 0; i < 2; i++) expect((await call(gw, 'GET', EXEC + 'alerting/')).status).toBe(503);
    expect(gw.oci.stats().backends[0].breaker).toBe('closed');
    expect(await ready(gw)).toBe(503);
    await gw.sim.setFaults({ down: false });
    // The failed /readyz probe dropped its session: the first request may still be on its way back.
    await eventually(async () => (await call(gw, 'GET', EXEC + 'alerting/')).status === 200, 'a read succeeds again', {
      everyMs: 100,
    });
    expect(await ready(gw)).toBe(200);
  });

  it('When the XSP answers NO_OCS_CONNECTION, then /readyz turns 503 although the XSP answers and the breaker is closed', async () => {
    await gw.sim.setFaults({ faultAfterExecute: 'no-ocs-connection', faultOn: 'all' });
    // Each read: the signal, then the re-login gets it too → 503 (two transport failures).
    for (let i = 0; i < 2; i++) {
      const res = await call(gw, 'GET', EXEC + 'alerting/');
      expect(res.status).toBe(503);
      expect(res.json.type).toBe(PROBLEM + 'backend-unavailable');
    }
    expect(gw.oci.stats().backends[0].breaker).toBe('closed');
    expect(await ready(gw)).toBe(503);
    await gw.sim.setFaults({ faultAfterExecute: 'none' });
    await eventually(async () => (await call(gw, 'GET', EXEC + 'alerting/')).status === 200, 'a read succeeds again', {
      everyMs: 100,
    });
    expect(await ready(gw)).toBe(200);
  });
});
