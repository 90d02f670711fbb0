import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, Simulator } from '../../src/simulator';
import { createOciClient } from '../../src/oci/client';
import { OciError } from '../../src/oci/errors';
import { READ, testOptions } from './helpers/client-options';
import { startProxy } from './helpers/proxy';

describe('TLS to the backend', () => {
  let sim: Simulator;
  let dir: string;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'oci-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    proxy = await startProxy(sim.origin, undefined, {
      key: readFileSync(join(dir, 'key.pem')),
      cert: readFileSync(join(dir, 'cert.pem')),
    });
  });
  afterAll(async () => {
    await proxy.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('trusts the configured CA file and logs in with LoginRequest22V5 (auto on https)', async () => {
    const client = createOciClient(
      testOptions([`${proxy.origin}/webservice/services/ProvisioningService`], { caFile: join(dir, 'cert.pem') }),
    );
    try {
      sim.clearRequestLog();
      expect((await client.execute([READ]))[0].kind).toBe('success');
      expect(sim.requestLog()[0].commandTypes).toEqual(['LoginRequest22V5']);
    } finally {
      await client.close();
    }
  });

  test('without the CA the backend is unavailable and nothing was sent', async () => {
    const client = createOciClient(testOptions([`${proxy.origin}/webservice/services/ProvisioningService`]));
    try {
      const e = (await client.execute([READ]).catch((err: unknown) => err)) as OciError;
      expect([e.kind, e.sent]).toEqual(['unavailable', false]);
      expect(e.message).toMatch(/cannot connect \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    } finally {
      await client.close();
    }
  });
});
