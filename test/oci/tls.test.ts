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

  describe('login fallback (OCI_LOGIN=auto) against a release without LoginRequest22V5', () => {
    const url = () => `${proxy.origin}/webservice/services/ProvisioningService`;
    afterEach(() => sim.setFaults({ refuseLogin22V5: false }));

    test('6004 to LoginRequest22V5 → AuthenticationRequest + LoginRequest14sp4, remembered for the backend, warned once', async () => {
      await sim.setFaults({ refuseLogin22V5: true });
      const warnings: string[] = [];
      const logger = {
        debug() {},
        info() {},
        error() {},
        warn: (_o: object, msg?: string) => warnings.push(msg ?? ''),
      };
      const client = createOciClient(testOptions([url()], { caFile: join(dir, 'cert.pem'), sessions: 2, logger }));
      try {
        sim.clearRequestLog();
        await client.execute([READ]);
        await client.execute([READ]);
        await client.verifyCredentials('admin', 'admin-password');
        const logins = sim
          .requestLog()
          .map((e) => e.commandTypes[0])
          .filter((t) => t !== READ.type);
        // One refused 22V5, then only the two-step flow (second pool session and the credential check included).
        expect(logins.filter((t) => t === 'LoginRequest22V5')).toHaveLength(1);
        expect(logins.filter((t) => t === 'LoginRequest14sp4').length).toBeGreaterThanOrEqual(2);
        expect(logins[0]).toBe('LoginRequest22V5');
        expect(warnings.filter((m) => /does not know LoginRequest22V5/.test(m))).toHaveLength(1);
      } finally {
        await client.close();
      }
    });

    test('a wrong password stays login-failed (no fallback), with and without 22V5 support', async () => {
      for (const refuse of [false, true]) {
        await sim.setFaults({ refuseLogin22V5: refuse });
        const client = createOciClient(testOptions([url()], { caFile: join(dir, 'cert.pem') }));
        try {
          sim.clearRequestLog();
          const e = (await client.verifyCredentials('admin', 'wrong').catch((err: unknown) => err)) as OciError;
          expect(e.kind).toBe('login-failed');
          expect(e.backend?.code).toBe(4962);
          const types = sim.requestLog().map((x) => x.commandTypes[0]);
          expect(types.includes('LoginRequest14sp4')).toBe(refuse);
        } finally {
          await client.close();
        }
      }
    });

    test('OCI_LOGIN=22V5 (not auto) does not fall back', async () => {
      await sim.setFaults({ refuseLogin22V5: true });
      const client = createOciClient(testOptions([url()], { caFile: join(dir, 'cert.pem'), login: '22V5' }));
      try {
        sim.clearRequestLog();
        const e = (await client.verifyCredentials('admin', 'admin-password').catch((err: unknown) => err)) as OciError;
        expect([e.kind, e.backend?.code]).toEqual(['login-failed', 6004]);
        expect(sim.requestLog().some((x) => x.commandTypes.includes('LoginRequest14sp4'))).toBe(false);
      } finally {
        await client.close();
      }
    });
  });
});
