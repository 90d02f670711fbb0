import { makeTestCa } from '../../helpers/test-ca';

// The e2e projects http-over-tcp and http-over-tls (jest.e2e.config.js) run the HTTP contract
// suite with the gateway speaking OCI-P straight over a socket (test/helpers/gateway.ts). For
// TLS, each test file gets a throw-away CA and certificate made at run time.
if (process.env.OCI_TEST_TRANSPORT === 'tls') {
  const ca = makeTestCa();
  process.env.OCI_TEST_TLS_CERT = ca.good.cert;
  process.env.OCI_TEST_TLS_KEY = ca.good.key;
  process.env.OCI_TEST_CA_FILE = ca.caFile;
  afterAll(() => ca.remove());
}
