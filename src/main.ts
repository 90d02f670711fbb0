import type { AddressInfo } from 'node:net';
import { parseGatewayArgs, UsageError } from './cli-args';
import { handleHelpFlag } from './cli-help';
import { createHttpServer } from './http-server';
import { ConfigError, loadConfig, type Config } from './config';
import { composeGateway } from './compose-gateway';
import { createLogger } from './observability/logger';
import { installLastResort } from './last-resort';
import { installShutdown } from './shutdown';
import { startSimulator } from './simulator';
import { withoutUserinfo } from './url-userinfo';

/** Beyond the grace period: the OCI logout's own bound (5 s) and a margin. */
const SHUTDOWN_SLACK_MS = 10_000;

/** The process: config → (simulator) → composeGateway → listen; SIGTERM drains. */
async function main(): Promise<void> {
  let args: { help: boolean };
  try {
    args = parseGatewayArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  if (args.help && handleHelpFlag(['--help'])) return;
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nRun with --help for the list of variables.\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);

  // Without OCI_URL the gateway brings its own BroadWorks: the simulator, in-process.
  const simulator = config.simulator ? await startSimulator({ quiet: true }) : undefined;

  // OCI client, metrics, coordination (REDIS_URL: shared by the fleet) and app, as the tests build them.
  // The simulator's URL is known only now: passed here, never written back into config.
  const gateway = await composeGateway({ config, logger, ociUrls: simulator ? [simulator.url] : undefined });
  const { app, coordination } = gateway;
  const server = createHttpServer(app, config.http).listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info(
    {
      url: base,
      backend: simulator ? 'built-in simulator' : config.oci.urls.map(withoutUserinfo),
      coordination: coordination.status().mode,
    },
    'OCI REST gateway listening',
  );
  // Lines for a person (banner, demo tokens, curl) share the terminal with the JSON log; when
  // stdout is a pipe or a file it is a log collector's, and carries JSON lines only.
  const human = process.stdout.isTTY ? process.stdout : process.stderr;
  human.write(`OCI REST gateway listening on ${base} — API docs at ${base}/docs\n`);
  if (simulator)
    human.write(`Backend: the built-in OCI-P simulator at ${simulator.url} (set OCI_URL to use a real BroadWorks)\n`);
  // Signals are handled before anything else is awaited: a SIGTERM while the demo tokens are signed still drains.
  const shutdown = installShutdown({
    server,
    oci: {
      close: async () => {
        await gateway.close();
        await simulator?.close();
      },
    },
    logger,
    graceMs: config.shutdownGraceMs,
  });
  // An error nothing caught: fatal line, the same drain and logout, then a non-zero exit.
  installLastResort({ logger, shutdown, deadlineMs: config.shutdownGraceMs + SHUTDOWN_SLACK_MS });
  if (config.auth.demo) await gateway.printDemoTokens((line) => human.write(`${line}\n`), base);
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
