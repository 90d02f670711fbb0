import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { loadConfig } from '../../src/config';
import { trustedCas } from '../../src/oci/client';
import { configErrorOf, productionEnv } from '../helpers/config-env';
import { makeTestCa } from '../helpers/test-ca';

const PRODUCTION = productionEnv('socket-url-suite-secret-0123456789');

describe('OCI_URL entries over TCP and TLS', () => {
  test('When OCI_URL lists tcp:// and tls:// entries with ports, beside or instead of SOAP ones, then they are accepted as given', () => {
    for (const urls of [
      'tcp://as1.example.test:2208',
      'tls://as1.example.test:2209,tcp://as2.example.test:2208',
      'https://xsp.example.test/webservice/services/ProvisioningService,tls://[2001:db8::1]:2209',
      'tcp://192.0.2.10:2208/',
    ]) {
      expect(configErrorOf({ ...PRODUCTION, OCI_URL: urls })).toBe('');
      expect(loadConfig({ ...PRODUCTION, OCI_URL: urls }).oci.urls).toEqual(urls.split(','));
    }
  });

  test('When a tcp:// or tls:// entry has no port, or a path or query, or another scheme is used, then start-up fails naming OCI_URL', () => {
    for (const [url, reason] of [
      ['tcp://as.example.test', /needs a port/],
      ['tls://as.example.test', /needs a port/],
      ['tcp://as.example.test:2208/webservice', /host and port only/],
      ['tls://as.example.test:2209?x=1', /host and port only/],
      ['ftp://as.example.test:21', /http:\/\/, https:\/\/, tcp:\/\/ or tls:\/\//],
    ] as const) {
      const message = configErrorOf({ ...PRODUCTION, OCI_URL: url });
      expect(message).toMatch(/^invalid configuration:\n {2}OCI_URL[.0-9]*: /);
      expect(message).toMatch(reason);
    }
  });

  test('When OCI_LOGIN=22V5 meets a tcp:// URL, then it is refused unless plain passwords are explicitly allowed; over tls:// it is accepted', () => {
    const refused = configErrorOf({ ...PRODUCTION, OCI_URL: 'tcp://as.example.test:2208', OCI_LOGIN: '22V5' });
    expect(refused).toMatch(/OCI_LOGIN: .*tcp:\/\/as\.example\.test:2208/);
    expect(refused).toContain('OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP=true');
    const secondary = configErrorOf({
      ...PRODUCTION,
      OCI_URL: 'tls://as1.example.test:2209,tcp://as2.example.test:2208',
      OCI_LOGIN: '22V5',
    });
    expect(secondary).toMatch(/OCI_LOGIN: /);
    for (const env of [
      { OCI_URL: 'tls://as.example.test:2209', OCI_LOGIN: '22V5' } as Record<string, string>,
      { OCI_URL: 'tcp://as.example.test:2208', OCI_LOGIN: '22V5', OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP: 'true' },
      { OCI_URL: 'tcp://as.example.test:2208', OCI_LOGIN: 'auto' },
    ])
      expect(configErrorOf({ ...PRODUCTION, ...env })).toBe('');
  });

  test("When OCI_CA_FILE is given, then its CA is trusted beside Node's roots, not instead of them", () => {
    const ca = makeTestCa();
    try {
      const cas = trustedCas(ca.caFile)!;
      expect(cas).toEqual(expect.arrayContaining([...rootCertificates]));
      expect(cas).toContain(readFileSync(ca.caFile, 'utf8'));
      expect(trustedCas(undefined)).toBeUndefined();
    } finally {
      ca.remove();
    }
  });
});
