// The gateway with its OCI exchanges replayed (bench/run.mjs with BENCH_DECOMPOSE=1): the
// same app as dist/src/main.js (config, logger, composeGateway), on a real OCI
// client whose execute() sends each distinct command list once and then answers it from memory.
// What it costs per request is the gateway minus its OCI exchange path (session pool, breaker,
// document and envelope, undici, reading and parsing the reply); with the express floor run with
// --no-exchange beside it, it splits the gap to the floor into "above the OCI client" and "the
// OCI exchange path". A measuring tool only: answers are stale by construction.
// Usage: node bench/lab/gateway-no-exchange.mjs (environment as for dist/src/main.js; OCI_URL required)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { loadConfig } = require('../../dist/src/config.js');
const { composeGateway } = require('../../dist/src/compose-gateway.js');
const { createLogger } = require('../../dist/src/observability/logger.js');

const config = loadConfig();
// The composition root main.ts calls: the same OCI client, observers, metrics and coordination.
const { oci, app } = await composeGateway({ config, logger: createLogger(config.logLevel) });

// One real exchange per command list (types and bodies), then its results from memory.
const replies = new Map();
const execute = oci.execute.bind(oci);
oci.execute = async (commands, opts) => {
  const key = JSON.stringify(commands.map((c) => [c.type, c.body]));
  let results = replies.get(key);
  if (!results) replies.set(key, (results = await execute(commands, opts)));
  return results;
};

const server = app.listen(config.port, config.host, () =>
  process.stdout.write(`gateway without OCI exchanges listening on ${config.port}\n`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
