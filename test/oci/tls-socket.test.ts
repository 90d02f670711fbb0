import { readFileSync } from 'node:fs';
import { createOciClient, type OciClient } from '../../src/oci/client';
import { startSimulator, type Simulator } from '../../src/simulator';
import { makeTestCa, type TestCa } from '../helpers/test-ca';
import { failure, READ, sent, testOptions, WRITE } from './helpers/client-options';

describe('OCI-P over TLS, straight to the application server', () => {
  let ca: TestCa;
  let good: Simulator;
  let wrong: Simulator;
  let client: OciClient | undefined;
  beforeAll(async () => {
    ca = makeTestCa();
    const tls = (c: { cert: string; key: string }) => ({ cert: readFileSync(c.cert), key: readFileSync(c.key) });
    good = await startSimulator({ quiet: true, tlsPort: 0, tls: tls(ca.good) });
    wrong = await startSimulator({ quiet: true, tlsPort: 0, tls: tls(ca.wrongName) });
  });
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });
  afterAll(async () => {
    await good.close();
    await wrong.close();
    ca.remove();
  });

  const port = (sim: Simulator) => new URL(sim.tlsUrl).port;

  test.each([
    ['a DNS name (SNI)', 'localhost'],
    ['an IP address (IP SAN)', '127.0.0.1'],
  ])(
    'When the certificate matches %s and OCI_CA_FILE names its CA, then the session logs in with LoginRequest22V5 (auto on tls://) and serves reads and writes',
    async (_what, host) => {
      good.clearRequestLog();
      client = createOciClient(testOptions([`tls://${host}:${port(good)}`], { caFile: ca.caFile }));
      expect((await client.execute([READ]))[0].kind).toBe('success');
      expect((await client.execute([WRITE]))[0].kind).toBe('success');
      expect(good.requestLog()[0].commandTypes).toEqual(['LoginRequest22V5']);
      expect(sent(good, WRITE.type)).toBe(1);
    },
  );

  test('When the AS is older than R22 (LoginRequest22V5 refused), then auto falls back to the signed-password 14sp4 login over tls://', async () => {
    await good.setFaults({ refuseLogin22V5: true });
    try {
      good.clearRequestLog();
      client = createOciClient(testOptions([`tls://localhost:${port(good)}`], { caFile: ca.caFile }));
      expect((await client.execute([READ]))[0].kind).toBe('success');
      expect(good.requestLog().map((e) => e.commandTypes[0])).toEqual([
        'LoginRequest22V5',
        'AuthenticationRequest',
        'LoginRequest14sp4',
        READ.type,
      ]);
    } finally {
      await good.setFaults({ refuseLogin22V5: false });
    }
  });

  test('When the certificate names another host, then nothing is sent and the error says the certificate was refused', async () => {
    wrong.clearRequestLog();
    client = createOciClient(testOptions([`tls://localhost:${port(wrong)}`], { caFile: ca.caFile }));
    const err = await failure(client.execute([READ]));
    expect(err.kind).toBe('unavailable');
    expect(err.sent).toBe(false);
    expect(err.message).toMatch(/TLS certificate of tls:\/\/localhost:\d+ refused \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    expect(wrong.requestLog()).toHaveLength(0);
  });

  test("When OCI_CA_FILE is not given, then a certificate of a private CA is refused (Node's roots only)", async () => {
    client = createOciClient(testOptions([`tls://localhost:${port(good)}`]));
    const err = await failure(client.execute([READ]));
    expect(err.kind).toBe('unavailable');
    expect(err.message).toMatch(/TLS certificate .* refused/);
  });
});
