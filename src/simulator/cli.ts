import { parseArgs } from 'node:util';
import { startSimulator } from './index';

/** `npm run simulator -- --port 2208 [--host H] [--latency-ms N] [--error-rate X] [--drop-rate X] [--expire-sessions-every N] [--no-validate]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '2208' },
      host: { type: 'string', default: '127.0.0.1' },
      'latency-ms': { type: 'string', default: '0' },
      'error-rate': { type: 'string', default: '0' },
      'drop-rate': { type: 'string', default: '0' },
      'expire-sessions-every': { type: 'string', default: '0' },
      'no-validate': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const num = (name: keyof typeof values, min: number, max: number): number => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const sim = await startSimulator({
    port: num('port', 0, 65535),
    host: values.host,
    validate: !values['no-validate'],
    faults: {
      latencyMs: num('latency-ms', 0, 600_000),
      errorRate: num('error-rate', 0, 1),
      dropRate: num('drop-rate', 0, 1),
      expireSessionsEvery: num('expire-sessions-every', 0, Number.MAX_SAFE_INTEGER),
    },
    quiet: values.quiet,
  });
  process.stdout.write(
    `OCI-P simulator listening on ${sim.url}\n` +
      `admin API: ${sim.origin}/__simulator/ (faults, reset, logout-all, requests, stats)\n` +
      `system admin login: admin / admin-password (more logins in fixtures/demo-data.json "_readme")\n` +
      `validation: ${values['no-validate'] ? 'off' : 'on'}\n`,
  );
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal}: closing\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`simulator: ${err.message}\n`);
  process.exit(1);
});
