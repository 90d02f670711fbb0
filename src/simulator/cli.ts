import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSetError, parseDataSetText } from './data-schema';
import { startSimulator } from './index';

const DROP_PHASES = ['before', 'after'] as const;
const REPLY_MODES = ['normal', 'malformed', 'doctype', 'oversized', 'html'] as const;
const AFTER_EXECUTE_FAULTS = ['none', 'no-ocs-connection', 'invalid-request', 'server-fault'] as const;
const SOCKET_FAULTS = ['none', 'close-after-write', 'stall-halfway', 'glued-replies'] as const;

const OPTIONS = {
  port: { type: 'string', default: '2208' },
  'admin-port': { type: 'string' },
  'tcp-port': { type: 'string' },
  'tls-port': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'socket-fault': { type: 'string', default: 'none' },
  host: { type: 'string', default: '127.0.0.1' },
  data: { type: 'string' },
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
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const HELP = `Usage: npm run simulator -- [flags]

A BroadWorks-like OCI-P provisioning service (SOAP, and optionally OCI-P over TCP/TLS as the
Application Server serves it) with an admin API for rigs.

  --port N                    SOAP endpoint (and admin API) port; 0 picks a free one (default 2208,
                              kept for existing scripts: give --tcp-port another port, or move --port)
  --admin-port N              admin API port that stays up while the SOAP endpoint is down
                              (default: port + 1; a free one when --port is 0)
  --tcp-port N                also serve OCI-P over plain TCP on N (0 = a free one; off unless given)
  --tls-port N                also serve OCI-P over TLS on N (0 = a free one); needs --tls-cert and --tls-key
  --tls-cert FILE             PEM certificate of the TLS listener
  --tls-key FILE              PEM private key of the TLS listener
  --socket-fault F            none, close-after-write, stall-halfway or glued-replies: TCP/TLS only,
                              for the documents --fault-on hits (--fault-once applies)
  --host H                    address to listen on (default 127.0.0.1)
  --data FILE                 data set in the format of fixtures/demo-data.json (default: that file)
  --latency-ms N              delay before every reply (default 0)
  --error-rate X              0..1: share of commands answered "[Error 9999] Injected error"
  --drop-rate X               0..1: share of documents whose connection is destroyed
  --drop-phase before|after   drop before or after executing the document (default before)
  --expire-sessions-every N   forget a session after N commands (0 = never)
  --reply-mode M              normal, malformed, doctype, oversized or html (default normal)
  --fault-after-execute F     none, no-ocs-connection, invalid-request or server-fault: the answer
                              after executing a document (default none)
  --fault-on writes|all       which documents get that fault (default writes)
  --fault-once                only the first such document
  --fault-form F              soap-fault or error-response (default soap-fault)
  --reject-document-code N    answer a whole multi-command document with one ErrorResponse N (0 = off)
  --reply-encoding E          ISO8859_1, ISO-8859-1 or latin1: declared only in the XML declaration
  --warn-command TYPE         answer that command with a Warning summary
  --warn-no-apply             ... and do not apply it
  --prefix-error-children     prefix the children of ErrorResponse (c:summary)
  --refuse-login-22v5         refuse LoginRequest22V5 as an older release would
  --not-assigned-code N       error code of "service not assigned" (default 4410)
  --no-validate               skip the XSD validation of incoming commands
  --quiet                     no per-request output
  -h, --help                  this text

Admin API (/__simulator/): GET/PUT faults (down with downForMs takes only the SOAP endpoint away),
POST reset, POST logout-all, GET/PUT/DELETE data, GET/DELETE requests, GET stats.
`;

class UsageError extends Error {}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false }).values;
  } catch (err) {
    // node:util's message for an unknown flag goes on about positionals; say it plainly.
    const m = /Unknown option '([^']+)'/.exec((err as Error).message);
    if (m) throw new UsageError(`unknown flag ${m[1]} (see --help)`);
    throw new UsageError(`${(err as Error).message.split('.')[0]} (see --help)`);
  }
}

/**
 * `npm run simulator -- --port 2208 [flags]`; `--help` lists them. Going down and forced
 * logout are actions in time, so they are admin-API calls: PUT /__simulator/faults
 * {"down": true, "downForMs": N} and POST /__simulator/logout-all.
 */
async function main(): Promise<void> {
  const values = parse(process.argv.slice(2));
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const num = (name: keyof typeof values, min: number, max: number): number => {
    const raw = values[name];
    const n = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < min || n > max)
      throw new UsageError(`--${name} must be a number from ${min} to ${max} (got "${String(raw)}")`);
    return n;
  };
  const oneOf = <T extends string>(
    name:
      | 'drop-phase'
      | 'reply-mode'
      | 'fault-after-execute'
      | 'fault-on'
      | 'fault-form'
      | 'reply-encoding'
      | 'socket-fault',
    allowed: readonly T[],
  ): T => {
    const v = values[name] as T;
    if (!allowed.includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${v}")`);
    return v;
  };
  const port = num('port', 0, 65535);
  const adminPort = values['admin-port'] === undefined ? (port === 0 ? 0 : port + 1) : num('admin-port', 0, 65535);
  if (adminPort > 65535) throw new UsageError('--admin-port: port + 1 is past 65535; give --admin-port');
  if (adminPort !== 0 && adminPort === port) throw new UsageError('--admin-port must differ from --port');
  const data = values.data === undefined ? undefined : parseDataSetText(readFileSync(values.data, 'utf8'), values.data);
  const tcpPort = values['tcp-port'] === undefined ? undefined : num('tcp-port', 0, 65535);
  const tlsPort = values['tls-port'] === undefined ? undefined : num('tls-port', 0, 65535);
  if (tlsPort !== undefined && (!values['tls-cert'] || !values['tls-key']))
    throw new UsageError('--tls-port needs --tls-cert FILE and --tls-key FILE');
  if ((values['tls-cert'] || values['tls-key']) && tlsPort === undefined)
    throw new UsageError('--tls-cert and --tls-key go with --tls-port');
  const tls =
    tlsPort === undefined
      ? undefined
      : { cert: readFileSync(values['tls-cert']!), key: readFileSync(values['tls-key']!) };

  const sim = await startSimulator({
    port,
    adminPort,
    tcpPort,
    tlsPort,
    tls,
    host: values.host,
    data,
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
      socketFault: oneOf('socket-fault', SOCKET_FAULTS),
    },
    quiet: values.quiet,
  });
  process.stdout.write(
    `OCI-P simulator listening on ${sim.url}\n` +
      (sim.tcpUrl ? `OCI-P over TCP: ${sim.tcpUrl}\n` : '') +
      (sim.tlsUrl ? `OCI-P over TLS: ${sim.tlsUrl}\n` : '') +
      `admin API: ${sim.adminOrigin}/__simulator/ (faults, reset, logout-all, data, requests, stats; stays up while down)\n` +
      `data: ${values.data ?? 'fixtures/demo-data.json'}\n` +
      `system admin login: admin / admin-password (more logins in fixtures/demo-data.json "_readme")\n` +
      `validation: ${values['no-validate'] ? 'off' : 'on'}\n`,
  );
  // The process lives until a signal, whatever is listening (the SOAP endpoint may be down).
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
  const known =
    err instanceof UsageError || err instanceof DataSetError || (err as { code?: string }).code === 'ENOENT';
  process.stderr.write(`simulator: ${known ? err.message : (err.stack ?? err.message)}\n`);
  process.exit(1);
});
