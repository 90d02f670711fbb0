import { parseArgs } from 'node:util';
import { startSimulator } from './index';

const DROP_PHASES = ['before', 'after'] as const;
const REPLY_MODES = ['normal', 'malformed', 'doctype', 'oversized', 'html'] as const;
const AFTER_EXECUTE_FAULTS = ['none', 'no-ocs-connection', 'invalid-request', 'server-fault'] as const;

/**
 * `npm run simulator -- --port 2208 [--host H] [--latency-ms N] [--error-rate X] [--drop-rate X]
 * [--drop-phase before|after] [--expire-sessions-every N] [--reply-mode normal|malformed|doctype|oversized|html]
 * [--fault-after-execute none|no-ocs-connection|invalid-request|server-fault] [--fault-on writes|all] [--fault-once]
 * [--fault-form soap-fault|error-response] [--reject-document-code N] [--reply-encoding ISO8859_1]
 * [--warn-command TYPE] [--warn-no-apply] [--prefix-error-children] [--refuse-login-22v5] [--not-assigned-code N]
 * [--no-validate]` (src/simulator/README.md explains each knob). Going down and forced logout are actions in time, so they are admin-API calls:
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
      'fault-after-execute': { type: 'string', default: 'none' },
      'fault-on': { type: 'string', default: 'writes' },
      'fault-once': { type: 'boolean', default: false },
      'fault-form': { type: 'string', default: 'soap-fault' },
      'reject-document-code': { type: 'string', default: '0' },
      'reply-encoding': { type: 'string', default: '' },
      'warn-command': { type: 'string', default: '' },
      'warn-no-apply': { type: 'boolean', default: false },
      'prefix-error-children': { type: 'boolean', default: false },
      'refuse-login-22v5': { type: 'boolean', default: false },
      'not-assigned-code': { type: 'string', default: '4410' },
      'no-validate': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const num = (name: keyof typeof values, min: number, max: number): number => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const oneOf = <T extends string>(
    name: 'drop-phase' | 'reply-mode' | 'fault-after-execute' | 'fault-on' | 'fault-form' | 'reply-encoding',
    allowed: readonly T[],
  ): T => {
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
      faultAfterExecute: oneOf('fault-after-execute', AFTER_EXECUTE_FAULTS),
      faultOn: oneOf('fault-on', ['writes', 'all'] as const),
      faultOnce: values['fault-once'],
      faultForm: oneOf('fault-form', ['soap-fault', 'error-response'] as const),
      rejectDocumentCode: num('reject-document-code', 0, 99_999),
      replyEncoding: oneOf('reply-encoding', ['', 'ISO8859_1', 'ISO-8859-1', 'latin1'] as const),
      warnCommand: values['warn-command'],
      warnApplies: !values['warn-no-apply'],
      prefixErrorChildren: values['prefix-error-children'],
      refuseLogin22V5: values['refuse-login-22v5'],
      notAssignedCode: num('not-assigned-code', 1, 99_999),
    },
    quiet: values.quiet,
  });
  process.stdout.write(
    `OCI-P simulator listening on ${sim.url}\n` +
      `admin API: ${sim.origin}/__simulator/ (faults, reset, logout-all, requests, stats)\n` +
      `system admin login: admin / admin-password (more logins in fixtures/demo-data.json "_readme")\n` +
      `validation: ${values['no-validate'] ? 'off' : 'on'}\n`,
  );
  // While `down` the listener is closed: keep the process alive until a signal.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(keepAlive);
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
