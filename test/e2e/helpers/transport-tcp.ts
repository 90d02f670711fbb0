// Set before any test module loads: test/helpers/gateway.ts reads it when a gateway starts.
process.env.OCI_TEST_TRANSPORT = 'tcp';
