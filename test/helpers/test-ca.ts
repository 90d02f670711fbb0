import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Paths of a PEM certificate and its private key. */
export interface CertFiles {
  cert: string;
  key: string;
}

export interface TestCa {
  dir: string;
  /** The CA's certificate (what OCI_CA_FILE names). */
  caFile: string;
  /** Signed by the CA for localhost and 127.0.0.1. */
  good: CertFiles;
  /** Signed by the CA for another name only (wrong.invalid): must be refused. */
  wrongName: CertFiles;
  remove(): void;
}

/**
 * A throw-away CA with a matching and a wrong-name server certificate, made with `openssl` at
 * run time in a temporary folder: no private key is ever committed.
 */
export function makeTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'oci-test-ca-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-days',
    '1',
    '-subj',
    '/CN=Throw-away OCI test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
  );
  const issue = (name: string, cn: string, san: string): CertFiles => {
    writeFileSync(at(`${name}.ext`), `subjectAltName=${san}\n`);
    openssl('req', ...ec, '-subj', `/CN=${cn}`, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`));
    openssl(
      'x509',
      '-req',
      '-in',
      at(`${name}.csr`),
      '-CA',
      at('ca.pem'),
      '-CAkey',
      at('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      at(`${name}.ext`),
      '-out',
      at(`${name}.pem`),
    );
    return { cert: at(`${name}.pem`), key: at(`${name}.key`) };
  };
  return {
    dir,
    caFile: at('ca.pem'),
    good: issue('good', 'localhost', 'DNS:localhost,IP:127.0.0.1'),
    wrongName: issue('wrong', 'wrong.invalid', 'DNS:wrong.invalid'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
