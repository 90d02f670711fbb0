import { parseArgs } from 'node:util';
import { startSimulator } from './index';

const DROP_PHASES = ['before', 'after'] as const;
const REPLY_MODES = ['normal', 'malformed', 'doctype', 'oversized', 'html'] as const;

/**
 * `npm run simulator -- --port 2208 [--host H] [--latency-ms N] [--error-rate X] [--drop-rate X]
 * [--drop-phase before|after] [--expire-sessions-every N] [--reply-mode normal|malformed|doctype|oversized|html]
 * [--no-validate]`. Going down and forced logout are actions in time, so they are admin-API calls:
 * PUT /__simulator/faults {"down": true, "downForMs": N} and POST /__simulator/logout-all.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '2208' },
      host: { type: 'string', default: '127.0.0.1' },
      'latency-ms': { type: 'string', default: '0' },
      'error-rate': { type: 'string', default: '0' },
      'drop-rate': { type: 'string', default: '0' },
      'expire-sessions-every': { type: 'string', default: '0' },
      'drop-phase': { type: 'string', default: 'before' },
      'reply-mode': { type: 'string', default: 'normal' },
      'no-validate': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const num = (name: keyof typeof values, min: number, max: number): number => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const oneOf = <T extends string>(name: 'drop-phase' | 'reply-mode', allowed: readonly T[]): T => {
    const v = values[name] as T;
    if (!allowed.includes(v)) throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
    return v;
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
      dropPhase: oneOf('drop-phase', DROP_PHASES),
      replyMode: oneOf('reply-mode', REPLY_MODES),
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
