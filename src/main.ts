import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { parseGatewayArgs, UsageError } from './cli-args';
import { handleHelpFlag } from './cli-help';
import { createHttpServer } from './http-server';
import { ConfigError, loadConfig, type Config } from './config';
import { createCoordination } from './coordination';
import { printDemoTokens } from './http/auth';
import { createOciClient } from './oci/client';
import { combineObservers, createOciLogObserver } from './observability/oci-log-observer';
import { createLogger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { installLastResort } from './last-resort';
import { installShutdown } from './shutdown';
import { startSimulator } from './simulator';
import { withoutUserinfo } from './url-userinfo';

/** Beyond the grace period: the OCI logout's own bound (5 s) and a margin. */
const SHUTDOWN_SLACK_MS = 10_000;

/** Composition root: config → (simulator) → OCI client → app → listen; SIGTERM drains. */
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
  const metrics = createMetrics();

  // Without OCI_URL the gateway brings its own BroadWorks: the simulator, in-process.
  const simulator = config.simulator ? await startSimulator({ quiet: true }) : undefined;

  const oci = createOciClient({
    ...config.oci,
    // The simulator's URL is known only now: passed here, never written back into config.
    urls: simulator ? [simulator.url] : config.oci.urls,
    logger,
    observer: combineObservers(metrics.ociObserver, createOciLogObserver(logger)),
  });
  metrics.bindOciStats(() => oci.stats());
  await oci.start();

  // REDIS_URL: write lock, idempotency records and counters shared by the fleet; else in-process.
  const coordination = createCoordination({
    redisUrl: config.redis?.url,
    redisPassword: config.redis?.password,
    redisTimeoutMs: config.redis?.timeoutMs ?? 0,
    ociTimeoutMs: config.oci.timeoutMs,
    idempotencyTtlMs: config.idempotencyTtlSeconds * 1000,
    rateLimitRps: config.rateLimitRps,
    logger,
  });
  metrics.bindCoordination(() => coordination.status().degraded);

  const { app, auth } = createApp({ config, oci, logger, metrics, coordination });
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
        await oci.close();
        await coordination.close();
        await simulator?.close();
      },
    },
    logger,
    graceMs: config.shutdownGraceMs,
  });
  // An error nothing caught: fatal line, the same drain and logout, then a non-zero exit.
  installLastResort({ logger, shutdown, deadlineMs: config.shutdownGraceMs + SHUTDOWN_SLACK_MS });
  if (config.auth.demo) await printDemoTokens(auth, (line) => human.write(`${line}\n`), { baseUrl: base });
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
