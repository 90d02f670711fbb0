import { createServer, type Server } from 'node:net';
import { readFileSync } from 'node:fs';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';
import { eventually } from '../helpers/eventually';
import { makeTestCa, type TestCa } from '../helpers/test-ca';

const EXEC = userBase('acme', 'sales', 'exec1@acme.example.com');

interface Problem {
  status: number;
  detail?: string;
}

describe('The gateway over tls:// and tcp:// when the Application Server cannot be used', () => {
  let ca: TestCa;
  let gw: Gateway | undefined;
  beforeAll(() => {
    ca = makeTestCa();
  });
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });
  afterAll(() => ca.remove());

  test('When the AS presents a certificate for another name, then nothing is sent, /readyz and the API say the certificate was refused', async () => {
    gw = await startGateway({
      simulator: { tlsPort: 0, tls: { cert: readFileSync(ca.wrongName.cert), key: readFileSync(ca.wrongName.key) } },
      env: { OCI_CA_FILE: ca.caFile },
      primaryUrl: (sim) => `tls://localhost:${new URL(sim.tlsUrl).port}`,
    });
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(503);
    const readyProblem = (await ready.json()) as Problem;
    expect(readyProblem.detail).toMatch(
      /TLS certificate of tls:\/\/localhost:\d+ refused \(ERR_TLS_CERT_ALTNAME_INVALID\)/,
    );
    expect(readyProblem.detail).toMatch(/wrong\.invalid/);
    const res = await call<Problem>(gw, 'GET', `${EXEC}services/executive/filtering/`);
    expect(res.status).toBe(503);
    expect(res.json.detail ?? '').not.toMatch(/outcome/i);
    expect(gw.sim.requestLog()).toHaveLength(0);
  });

  test("When every connection is closed before login, then /readyz names the AS's OCI-P access list", async () => {
    // What an AS does to a host outside its OCI-P access list: accept, then close at once.
    const refusing: Server = createServer((s) => s.destroy());
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    try {
      gw = await startGateway({
        primaryUrl: () => `tcp://127.0.0.1:${(refusing.address() as { port: number }).port}`,
      });
      const g = gw;
      await eventually(async () => (await fetch(`${g.url}/readyz`)).status === 503, 'readyz 503');
      const problem = (await (await fetch(`${g.url}/readyz`)).json()) as Problem;
      expect(problem.detail).toMatch(/refused or closed before login.*OCI-P access list/);
    } finally {
      await gw?.close();
      gw = undefined;
      await new Promise<void>((r) => refusing.close(() => r()));
    }
  });
});
